import base64

import segno
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from .forms import SignInForm, TotpForm
from .selectors import confirmed_totp_device
from .services import totp_device_confirm, totp_device_for_setup, totp_token_check


class SignInView(auth_views.LoginView):
    form_class = SignInForm

    def get_context_data(self, **kwargs):
        # Demo accounts exist only after load_demo; the hint is for a local demo, never a deployment.
        return super().get_context_data(**kwargs, demo_hint=settings.DEBUG)


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


@login_required
def totp_verify(request):
    device = confirmed_totp_device(user=request.user)
    if device is None:
        return redirect("totp_setup")
    form = TotpForm(request.POST or None)
    if form.is_valid():
        problem = totp_token_check(device=device, token=form.cleaned_data["token"])
        if problem is None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", problem)
    return render(request, "accounts/totp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def totp_setup(request):
    if confirmed_totp_device(user=request.user):
        return redirect("totp_verify")
    device = totp_device_for_setup(user=request.user)
    form = TotpForm(request.POST or None)
    if form.is_valid():
        problem = totp_device_confirm(device=device, token=form.cleaned_data["token"])
        if problem is None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", problem)
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": _next_url(request),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "config_url": device.config_url,
        # Drawn here as inline SVG: no image service, and nothing leaves a closed network.
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4),
    }
    return render(request, "accounts/totp_setup.html", context)
