import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

LOGIN_AT = "accounts_login_at"
LAST_SEEN = "accounts_last_seen"


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    now = int(time.time())
    request.session[LOGIN_AT] = request.session[LAST_SEEN] = now
