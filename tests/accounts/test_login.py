"""Signing in: one message for any wrong credentials, lockout per user and address, a new session key."""
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

PASSWORD = "pw-12345678"  # tests.factories.UserFactory's
WRONG = "用户名或密码不正确，请重新输入。"


def sign_in(client, username, password, address="10.1.1.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client):
    return "_auth_user_id" in client.session


def test_a_wrong_user_and_a_wrong_password_get_the_same_chinese_message(client, alice):
    unknown = sign_in(client, "nobody", PASSWORD)
    wrong = sign_in(client, "alice", "not-the-password")

    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].non_field_errors() == wrong.context["form"].non_field_errors() == [WRONG]
    assert WRONG in wrong.content.decode()


def test_five_failures_lock_that_user_from_that_address_for_30_minutes(client, alice):
    for _ in range(4):
        assert sign_in(client, "alice", "wrong-password").status_code == 200
    locked = sign_in(client, "alice", "wrong-password")

    assert locked.status_code == 429
    assert "登录已锁定" in locked.content.decode()
    assert sign_in(client, "alice", PASSWORD).status_code == 429  # even the right password
    assert not signed_in(client)
    assert sign_in(client, "alice", PASSWORD, address="10.2.2.2").status_code == 302  # another address


def test_four_failures_do_not_lock(client, alice):
    for _ in range(4):
        sign_in(client, "alice", "wrong-password")

    assert sign_in(client, "alice", PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_lock_ends_after_30_minutes(client, alice):
    for _ in range(5):
        sign_in(client, "alice", "wrong-password")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=29))
    assert sign_in(client, "alice", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_an_administrator_unlocks_a_user(client, alice):
    for _ in range(5):
        sign_in(client, "alice", "wrong-password")

    call_command("axes_reset_username", "alice")

    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_signing_in_gives_a_new_session_key(client, alice):
    before = SessionStore()
    before["seen_before_login"] = True
    before.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = before.session_key

    assert sign_in(client, "alice", PASSWORD).status_code == 302

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before.session_key
    assert not SessionStore().exists(before.session_key)
    assert SessionStore(after)["seen_before_login"] is True  # the data moves, the key does not


@pytest.mark.parametrize("debug, shown", [(True, True), (False, False)])
def test_the_login_page_says_demo_accounts_need_load_demo_only_in_debug(client, settings, debug, shown):
    settings.DEBUG = debug

    page = client.get(reverse("login")).content.decode()

    assert ("load_demo" in page) is shown
