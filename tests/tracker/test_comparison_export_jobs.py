"""The comparison's export as a job: a scope larger than the in-request limit is written by an export job
holding the rows the page shows for its requester, downloaded by them alone, and recorded in the audit."""

import csv
import io

import pytest
from django.urls import reverse

from tests.tracker.test_comparison import ledger, report, table_rows
from tracker.audit.models import AuditEvent
from tracker.comparison import views as comparison_views
from tracker.models import ExportJob
from tracker.summary import summaries_rebuild


@pytest.fixture
def compared(county_a, county_b, county_elsewhere, period, monkeypatch):
    """Three counties with ledgers, two in the leader's city; every scope is over a limit lowered to none."""
    monkeypatch.setattr(comparison_views, "IN_REQUEST_COUNTIES", 0)
    ledger(county_a, 4, 1)
    ledger(county_b, 3, 3)
    ledger(county_elsewhere, 5, 5)
    report(county_b, period, rectify_problems_found=3, rectify_problems_closed=2)
    summaries_rebuild()
    return period


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def _export_job(client, capture, query):
    with capture(execute=True):
        response = client.get(reverse("comparison"), query)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("export_job_detail", args=[job.pk])
    return job


def test_a_large_scope_exports_the_pages_rows_by_a_job(client, leader, city, compared, django_capture_on_commit_callbacks):
    client.force_login(leader)
    filters = {"period": str(compared.pk), "area": str(city.pk), "measure": "per_thousand"}
    page_rows = table_rows(client.get(reverse("comparison"), filters).content.decode())

    job = _export_job(client, django_capture_on_commit_callbacks, {**filters, "export": "csv", "page": "2"})

    assert (job.kind, job.status, job.rows_total, job.rows_done) == ("comparison", "done", 2, 2)
    assert job.filters == filters  # neither the export nor the page it was asked from
    page = client.get(reverse("export_job_detail", args=[job.pk])).content.decode()
    assert "导出各县对比" in page and "共 2 行" in page
    header, *rows = _csv(client.get(reverse("export_job_download", args=[job.pk])))
    assert header[3] == "检视问题（每千名党员）（已确认报告）"
    # The same columns as the page's, which writes a percent sign and 未报告 / — for a missing figure.
    blank = {"未报告": "", "—": ""}
    assert rows == [[blank.get(cell, cell.removesuffix("%")) for cell in row[:-1]] + row[-1:] for row in page_rows]
    assert [row[1] for row in rows] == ["乙县", "甲县"]  # 丙县 is outside the leader's city


def test_the_job_reads_its_requesters_scope_and_only_they_download_it(
    client, alice, bob, compared, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    job = _export_job(client, django_capture_on_commit_callbacks, {"export": "xlsx"})
    assert job.rows_total == 1  # alice's county only

    client.force_login(bob)
    assert client.get(reverse("export_job_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("export_job_download", args=[job.pk])).status_code == 404
    client.force_login(alice)
    assert client.get(reverse("export_job_download", args=[job.pk])).status_code == 200


def test_the_export_and_the_download_of_a_comparison_job_are_audited(
    client, leader, compared, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    job = _export_job(client, django_capture_on_commit_callbacks, {"export": "csv", "measure": "per_thousand"})
    client.get(reverse("export_job_download", args=[job.pk]))

    export, download = AuditEvent.objects.filter(user=leader, kind__in=["export", "download"]).order_by("id")
    assert (export.kind, export.detail["list"], export.detail["format"]) == ("export", "各县对比", "csv")
    assert "measure=per_thousand" in export.detail["filters"]
    assert (download.kind, download.object_type, download.object_id) == ("download", "tracker.exportjob", str(job.pk))


def test_a_small_scope_is_still_downloaded_at_once(client, leader, compared, monkeypatch):
    monkeypatch.setattr(comparison_views, "IN_REQUEST_COUNTIES", 2)
    client.force_login(leader)

    response = client.get(reverse("comparison"), {"export": "csv"})

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert not ExportJob.objects.exists()
