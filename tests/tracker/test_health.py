"""/health/ names what is down, and pages that read the cache read the database when the cache is down."""
import json

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from config.celery import app as celery_app
from tests.tracker.test_views import put_figure

# A Redis address where nothing listens: connections are refused at once.
DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def health(client):
    response = client.get(reverse("health"))
    return response.status_code, json.loads(response.content)


@pytest.mark.django_db
def test_health_is_ok_when_everything_answers(client):
    assert health(client) == (200, {"status": "ok", "down": [], "database": "ok", "broker": "ok", "cache": "ok"})


@pytest.mark.django_db
def test_health_names_the_cache_when_it_is_down(client, cache_down):
    status, body = health(client)
    assert status == 503 and body["down"] == ["cache"]
    assert body["cache"].startswith("down: ") and body["database"] == body["broker"] == "ok"


@pytest.fixture
def broker_down():
    # Celery prefers the CELERY_BROKER_URL environment variable (set in CI) to broker_url: set the write URL.
    saved = {key: celery_app.conf.get(key) for key in ("broker_write_url", "task_always_eager")}
    celery_app.conf.update(broker_write_url=DEAD_REDIS, task_always_eager=False)
    yield
    celery_app.conf.update(saved)


@pytest.mark.django_db
def test_health_names_the_broker_when_it_is_down(client, broker_down):
    status, body = health(client)
    assert status == 503 and body["down"] == ["broker"] and body["broker"] == "down: OperationalError"


@pytest.mark.django_db
def test_health_names_the_database_when_it_is_down(client, monkeypatch):
    def unreachable():
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(connection, "cursor", unreachable)
    status, body = health(client)
    assert (status, body["down"], body["database"]) == (503, ["database"], "down: OperationalError")
    assert "5432" not in response_text(client)


def response_text(client):
    return client.get(reverse("health")).content.decode()


def test_the_comparison_page_reads_the_database_when_the_cache_is_down(client, leader, county_a, period, cache_down):
    put_figure(county_a, period, "rectify_problems_found", 40)
    put_figure(county_a, period, "rectify_problems_closed", 30)
    client.force_login(leader)
    response = client.get(reverse("comparison"))
    assert response.status_code == 200 and "75.0%" in response.content.decode()
