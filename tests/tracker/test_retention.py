"""Old files: export job files and bulletin documents past EXPORT_RETENTION_DAYS are deleted by the daily
beat task; the rows stay, 已过期, and a download of one says so in Chinese."""

import datetime

import pytest
from celery import current_app
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from tracker import tasks
from tracker.models import Bulletin, ExportJob

NOW = timezone.now()


def _job(user, days_old):
    job = ExportJob.objects.create(
        requested_by=user, kind="rectification", format="csv", status="done", rows_total=1, rows_done=1,
        finished_at=NOW - datetime.timedelta(days=days_old),
    )
    job.file.save("整改台账.csv", ContentFile("编号\n".encode()))
    return job


def _bulletin(period, area, days_old):
    bulletin = Bulletin.objects.create(
        period=period, area=area, status="done", finished_at=NOW - datetime.timedelta(days=days_old)
    )
    bulletin.file.save("通报.docx", ContentFile(b"docx"))
    return bulletin


@pytest.fixture
def files(alice, leader, period):
    area = leader.profile.area
    return {
        "old_job": _job(alice, 8),
        "recent_job": _job(alice, 6),
        "old_bulletin": _bulletin(period, area, 8),
        "recent_bulletin": _bulletin(period, area, 1),
    }


def test_files_past_the_retention_are_deleted_and_their_rows_marked(files, settings):
    settings.EXPORT_RETENTION_DAYS = 7
    names = {key: row.file.name for key, row in files.items()}

    assert tasks.expired_files_delete() == {"export_jobs": 1, "bulletins": 1}

    for key, row in files.items():
        row.refresh_from_db()
        old = key.startswith("old")
        assert (row.status, bool(row.file), default_storage.exists(names[key])) == (
            ("expired", False, False) if old else ("done", True, True)
        ), key
    assert files["old_bulletin"].finished_at == NOW - datetime.timedelta(days=8)  # when it was written, still


def test_the_retention_is_a_setting(files, settings):
    settings.EXPORT_RETENTION_DAYS = 5

    assert tasks.expired_files_delete() == {"export_jobs": 2, "bulletins": 1}


def test_an_expired_job_says_so_and_its_download_explains_in_chinese(client, alice, files):
    tasks.expired_files_delete()
    job = files["old_job"]
    client.force_login(alice)

    page = client.get(reverse("export_job_detail", args=[job.pk])).content.decode()
    assert "已过期" in page and "export-download" not in page
    assert f'{reverse("rectification_list")}?' in page  # to export again
    response = client.get(reverse("export_job_download", args=[job.pk]))
    assert response.status_code == 410
    assert "文件已超过保留期（7 天），已被删除" in response.content.decode()
    listed = client.get(reverse("export_job_list")).content.decode()
    assert "已过期" in listed


def test_an_expired_bulletin_says_so_and_its_download_explains_in_chinese(client, leader, files):
    tasks.expired_files_delete()
    client.force_login(leader)

    listing = client.get(reverse("bulletin_list")).content.decode()
    assert listing.count("已过期") == 1
    assert reverse("bulletin_download", args=[files["old_bulletin"].pk]) not in listing
    response = client.get(reverse("bulletin_download", args=[files["old_bulletin"].pk]))
    assert response.status_code == 410 and "已超过保留期" in response.content.decode()
    assert client.get(reverse("bulletin_download", args=[files["recent_bulletin"].pk])).status_code == 200


def test_beat_runs_the_cleanup_task():
    entry = django_settings.CELERY_BEAT_SCHEDULE["expired-files"]
    assert entry["task"] in current_app.tasks
    assert current_app.tasks[entry["task"]].run == tasks.expired_files_delete.run
