"""The settings' defaults are a production deployment: each case runs manage.py in a process of its own
with only the variables a deployment sets (the test suite's own settings turn DEBUG on)."""
import os
import subprocess
import sys

from django.core.management.utils import get_random_secret_key

from tests.conftest import REPO

# Everything the suite or the machine may have set that would change the settings under test.
_SETTINGS_VARIABLES = {
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER", "CELERY_BROKER_URL", "REDIS_CACHE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests' conftest once collected
}
DEPLOYMENT = {
    "SECRET_KEY": get_random_secret_key(),
    "ALLOWED_HOSTS": "dudao.example.gov.cn",
    "DATABASE_URL": "postgres://tracker:secret@db.example.gov.cn:5432/tracker",
}


def manage(*args, **variables):
    env = {name: value for name, value in os.environ.items() if name not in _SETTINGS_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", **variables)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def test_without_secret_key_the_project_refuses_to_start():
    result = manage("check")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "未设置 SECRET_KEY" in result.stderr


def test_a_debug_run_needs_no_secret_key():
    result = manage("check", DEBUG="1")

    assert result.returncode == 0, result.stderr


def test_the_deploy_check_is_clean_with_only_the_three_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **DEPLOYMENT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_fails_in_debug_mode():
    # The check above would pass for nothing if the command did not look at these settings.
    result = manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="1", **DEPLOYMENT)

    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG on


def test_behind_a_tls_proxy_the_forwarded_header_is_trusted_and_redirects_can_be_left_to_the_proxy():
    show = "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT, s.DEBUG)"
    proxy = {"SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https", "SECURE_SSL_REDIRECT": "0"}
    result = manage("shell", "--verbosity", "0", "-c", show, **proxy, **DEPLOYMENT)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["('HTTP_X_FORWARDED_PROTO',", "'https')", "False", "False"]


def test_with_https_on_plain_http_is_redirected_except_the_health_check(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True

    login = client.get("/login/")

    assert login.status_code == 301 and login.url == "https://testserver/login/"
    assert client.get("/health/").status_code == 200
