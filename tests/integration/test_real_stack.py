"""The real stack: PostgreSQL and a real Celery worker process on a real broker (run by .ci/run).

These tests do not skip: on the embedded defaults they fail, telling what is missing.
"""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from config.celery import app as celery_app
from reports.models import Report
from tests.conftest import REPO
from tests.factories import CountyFactory, PeriodFactory, user_with_role
from tests.reports.readers.test_hostile_files import HOSTILE
from tests.reports.ledger.test_ledger_import import MESSY_ITEMS, RECT, items, messy_ledger
from tracker.models import LedgerImport, Profile, RectificationItem

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
    """Upload as the office of a new county; returns the report created."""
    county = CountyFactory()
    client.force_login(user_with_role(Profile.Role.COUNTY_OFFICE, county))
    response = client.post(
        reverse("report_upload"),
        {"county": county.pk, "period": PeriodFactory().pk, "file": SimpleUploadedFile(name, content)},
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


def peak_memory_mb(pid):
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("VmHWM not found")


# An empty file never reaches the worker: the upload form refuses it (tested with the form).
@pytest.mark.parametrize("case", [case for case in HOSTILE if case != "empty file"])
def test_a_hostile_file_fails_within_a_minute_and_the_worker_keeps_serving(case, client, real_worker, tmp_path):
    name, build, message = HOSTILE[case]
    build(tmp_path / name)
    content = (tmp_path / name).read_bytes()
    started = time.monotonic()
    report = wait_for_parse(upload(client, content, name), seconds=60)
    assert report.status == Report.Status.FAILED
    assert report.failure_reason == message
    assert time.monotonic() - started < 60
    assert report.file.open("rb").read() == content
    assert peak_memory_mb(real_worker.pid) < 500
    following = wait_for_parse(upload(client, "检视问题9个。".encode(), "下一份.txt"))
    assert following.status == Report.Status.NEEDS_REVIEW


def wait_for_import(ledger_import, busy_states, seconds=90):
    deadline = time.monotonic() + seconds
    while True:
        ledger_import.refresh_from_db()
        if ledger_import.status not in busy_states or time.monotonic() > deadline:
            return ledger_import
        time.sleep(0.3)


def test_the_worker_previews_then_imports_a_ledger(client, real_worker, tmp_path):
    county = CountyFactory()
    client.force_login(user_with_role(Profile.Role.COUNTY_OFFICE, county))
    path = messy_ledger(tmp_path / "整改台账.xlsx")
    client.post(
        reverse("ledger_import_new", args=[county.pk]),
        {"kind": RECT, "file": SimpleUploadedFile(path.name, path.read_bytes())},
    )
    ledger_import = wait_for_import(LedgerImport.objects.get(county=county), ("queued", "parsing"))
    assert ledger_import.status == "preview", ledger_import.failure_reason
    assert not RectificationItem.objects.filter(county=county).exists()
    client.post(reverse("ledger_import_confirm", args=[ledger_import.pk]))
    ledger_import = wait_for_import(ledger_import, ("importing",))
    assert ledger_import.status == "done", ledger_import.failure_reason
    assert items(county) == MESSY_ITEMS
