"""The real stack: PostgreSQL and a real Celery worker process on a real broker (run by .ci/run).

These tests do not skip: on the embedded defaults they fail, telling what is missing.
"""
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from config.celery import app as celery_app
from reports.models import Report
from tests.conftest import REPO
from tests.factories import CountyFactory, PeriodFactory, user_with_role
from tracker.models import Profile

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="session")
def worker_media(tmp_path_factory):
    return tmp_path_factory.mktemp("worker-media")


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, worker_media):
    """A real `celery worker` process using the test database, started once for the session."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    assert broker.startswith(("redis://", "amqp://")), "需要设置 CELERY_BROKER_URL 指向 Redis 或 RabbitMQ"
    with django_db_blocker.unblock():
        db = connection.settings_dict
    assert connection.vendor == "postgresql", "需要设置 DATABASE_URL 指向 PostgreSQL"
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        MEDIA_ROOT=str(worker_media),
        CELERY_TASK_ALWAYS_EAGER="0",
    )
    log = open(worker_media / "worker.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
         "--hostname=test-worker@%h", "--without-gossip", "--without-mingle"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while not celery_app.control.ping(timeout=1):
        assert process.poll() is None, (worker_media / "worker.log").read_text()
        assert time.monotonic() < deadline, "Celery worker 未能在 60 秒内启动"
    yield process
    process.terminate()
    process.wait(timeout=30)
    log.close()


@pytest.fixture
def real_worker(celery_worker_process, worker_media, settings):
    settings.MEDIA_ROOT = worker_media
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield celery_worker_process
    celery_app.conf.task_always_eager = eager


def wait_for_parse(report, seconds=90):
    deadline = time.monotonic() + seconds
    while True:
        report.refresh_from_db()
        if not report.is_busy or time.monotonic() > deadline:
            return report
        time.sleep(0.3)


def upload(client, content, name):
    county = CountyFactory(name="实县")
    client.force_login(user_with_role(Profile.Role.COUNTY_OFFICE, county))
    period = PeriodFactory()
    response = client.post(
        reverse("report_upload"),
        {"county": county.pk, "period": period.pk, "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 302
    return Report.objects.get(county=county)


def test_runs_on_postgresql():
    assert connection.vendor == "postgresql"
    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def test_the_worker_parses_an_uploaded_report(client, real_worker):
    text = "一、工作开展情况\n全县检视问题26个，已完成整改19个，开展研讨交流8场次。\n"
    report = wait_for_parse(upload(client, text.encode("gb18030"), "十月进展.txt"))
    assert report.status == Report.Status.NEEDS_REVIEW, report.failure_reason
    found = report.extracted_figures.get(indicator__code="rectify_problems_found")
    assert found.value == 26
    assert real_worker.poll() is None


def test_a_hostile_file_fails_cleanly_and_the_worker_keeps_serving(client, real_worker):
    report = wait_for_parse(upload(client, b"PK\x03\x04" + b"\x00" * 64, "坏文件.docx"))
    assert report.status == Report.Status.FAILED and report.failure_reason
    assert real_worker.poll() is None
    assert celery_app.control.ping(timeout=2)
