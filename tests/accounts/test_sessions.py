"""Sessions end after 30 idle minutes and 12 hours after login; a new password ends the other sessions."""
import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tracker.accounts.signals import LAST_SEEN, LOGIN_AT

PASSWORD = "pw-12345678"


def move_clock(client, **seconds_ago):
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = int(time.time()) - ago
    session.save()


def is_sent_to_login(response):
    return response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def test_29_idle_minutes_keep_the_session(signed_in):
    move_clock(signed_in, accounts_last_seen=29 * 60)

    assert signed_in.get(reverse("rectification_list")).status_code == 200


def test_31_idle_minutes_end_the_session(signed_in):
    move_clock(signed_in, accounts_last_seen=31 * 60)

    response = signed_in.get(reverse("rectification_list"))

    assert is_sent_to_login(response)
    assert "登录已超时，请重新登录。" in signed_in.get(response.url).content.decode()
    assert "_auth_user_id" not in signed_in.session
    assert is_sent_to_login(signed_in.get(reverse("rectification_list")))  # and it stays ended


def test_each_request_restarts_the_idle_clock(signed_in):
    move_clock(signed_in, accounts_last_seen=20 * 60)
    signed_in.get(reverse("rectification_list"))
    assert time.time() - signed_in.session[LAST_SEEN] < 60


def test_twelve_hours_after_login_the_session_ends_however_active(signed_in):
    move_clock(signed_in, accounts_login_at=12 * 3600 + 1, accounts_last_seen=10)

    assert is_sent_to_login(signed_in.get(reverse("rectification_list")))


def test_login_starts_both_clocks(signed_in):
    assert time.time() - signed_in.session[LOGIN_AT] < 60
    assert signed_in.session[LOGIN_AT] == signed_in.session[LAST_SEEN]


def test_a_password_change_ends_the_users_other_sessions(alice, bob):
    here, elsewhere, other_user = Client(), Client(), Client()
    here.force_login(alice)
    elsewhere.force_login(alice)
    other_user.force_login(bob)

    response = here.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Hanyin-Dudao-2024", "new_password2": "Hanyin-Dudao-2024"},
    )

    assert response.status_code == 302 and response.url == reverse("password_change_done")
    assert here.get(reverse("rectification_list")).status_code == 200
    assert is_sent_to_login(elsewhere.get(reverse("rectification_list")))
    assert other_user.get(reverse("rectification_list")).status_code == 200


def test_the_session_cookie_ends_with_the_browser(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value and not cookie["expires"] and not cookie["max-age"]
