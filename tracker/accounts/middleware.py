"""Session limits and the TOTP step, enforced on every request of a signed-in user."""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .selectors import confirmed_totp_device, totp_required_for
from .signals import LAST_SEEN, LOGIN_AT

# Writing the session on every request costs a write per page; a minute's precision is enough.
_LAST_SEEN_PRECISION = 60


class SessionLimitsMiddleware:
    """Signs the user out after SESSION_IDLE_TIMEOUT without a request, or SESSION_MAX_AGE after login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            idle = now - request.session.get(LAST_SEEN, now)
            age = now - request.session.get(LOGIN_AT, now)
            if idle > settings.SESSION_IDLE_TIMEOUT.total_seconds() or age > settings.SESSION_MAX_AGE.total_seconds():
                logout(request)
                messages.info(request, "登录已超时，请重新登录。")
                return redirect_to_login(request.get_full_path())
            if idle >= _LAST_SEEN_PRECISION or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
            request.session.setdefault(LOGIN_AT, now)
        return self.get_response(request)


# What a user who still owes the code may open: the code and set-up pages, and the way out.
_TOTP_OPEN = {"totp_verify", "totp_setup", "logout"}


class TotpRequiredMiddleware:
    """A user whose role requires TOTP reaches nothing until this session has confirmed a code:
    one with a confirmed device is asked for the code, one without is sent to set one up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified() or request.resolver_match.url_name in _TOTP_OPEN:
            return None
        if not totp_required_for(user=user):
            return None
        target = "totp_verify" if confirmed_totp_device(user=user) else "totp_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
