"""Long lists are exported by a job: progress on a page, the file for its requester only."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import RectificationItemFactory
from tracker import export_jobs
from tracker.views import lists
from tracker.models import ExportJob
from tracker.workbooks import write_xlsx


@pytest.fixture
def long_ledger(county_a, monkeypatch):
    """Three items in alice's county, over the in-request limit lowered to two."""
    monkeypatch.setattr(lists, "IN_REQUEST_ROWS", 2)
    return [RectificationItemFactory(county=county_a, ledger_number=f"L{i}") for i in range(3)]


def _export(client, django_capture_on_commit_callbacks, query):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("rectification_list"), query)
    return response


def test_a_long_export_becomes_a_job_that_writes_the_filtered_rows(
    client, alice, bob, county_b, long_ledger, django_capture_on_commit_callbacks
):
    RectificationItemFactory(county=county_b, ledger_number="B1")
    client.force_login(alice)
    response = _export(client, django_capture_on_commit_callbacks, {"export": "csv", "q": "", "status": "open"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("export_job_detail", args=[job.pk])
    assert (job.requested_by, job.kind, job.format, job.filters) == (alice, "rectification", "csv", {"q": "", "status": "open"})
    assert (job.status, job.rows_total, job.rows_done) == ("done", 3, 3)
    page = client.get(response.url).content.decode()
    assert "已完成" in page and "共 3 行" in page
    download = client.get(reverse("export_job_download", args=[job.pk]))
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert [line.split(",")[0] for line in text.splitlines()[1:]] == ["L0", "L1", "L2"]


def test_only_the_requester_sees_or_downloads_a_job(client, alice, bob, long_ledger, django_capture_on_commit_callbacks):
    client.force_login(alice)
    job_url = _export(client, django_capture_on_commit_callbacks, {"export": "xlsx"}).url
    job = ExportJob.objects.get()
    client.force_login(bob)
    assert client.get(job_url).status_code == 404
    assert client.get(reverse("export_job_download", args=[job.pk])).status_code == 404
    assert job.pk not in [j.pk for j in client.get(reverse("export_job_list")).context["jobs"]]
    client.logout()
    assert client.get(reverse("export_job_download", args=[job.pk])).status_code == 302
    client.force_login(alice)
    workbook = load_workbook(io.BytesIO(b"".join(client.get(reverse("export_job_download", args=[job.pk])).streaming_content)))
    assert [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)] == ["L0", "L1", "L2"]


def test_a_job_still_running_shows_its_progress_and_no_download(client, alice, long_ledger):
    job = ExportJob.objects.create(requested_by=alice, kind="rectification", format="csv", status="running", rows_total=200, rows_done=50)
    client.force_login(alice)
    page = client.get(reverse("export_job_detail", args=[job.pk])).content.decode()
    assert 'value="25"' in page and "已写 50 / 200 行" in page and 'data-busy="1"' in page
    assert client.get(reverse("export_job_download", args=[job.pk])).status_code == 404


def test_a_failed_job_says_why_in_chinese(alice, long_ledger, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("磁盘已满")

    monkeypatch.setattr(export_jobs, "write_csv", broken)
    job = ExportJob.objects.create(requested_by=alice, kind="rectification", format="csv")
    from tracker.tasks import export_job_run

    with pytest.raises(OSError):
        export_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error.startswith("导出失败") and "磁盘已满" in job.error


def test_a_finished_job_is_not_run_again(alice, long_ledger):
    job = ExportJob.objects.create(requested_by=alice, kind="study", format="csv")
    export_jobs.export_job_run(job_id=job.pk)
    name = ExportJob.objects.get(pk=job.pk).file.name
    export_jobs.export_job_run(job_id=job.pk)
    assert ExportJob.objects.get(pk=job.pk).file.name == name


def test_the_scope_of_a_job_is_its_requesters(alice, bob, county_b, long_ledger):
    RectificationItemFactory(county=county_b, ledger_number="B1")
    job = export_jobs.export_job_run(
        job_id=ExportJob.objects.create(requested_by=bob, kind="rectification", format="csv").pk
    )
    assert job.rows_total == 1


def test_a_list_longer_than_a_sheet_continues_on_the_next_sheet():
    buffer = io.BytesIO()
    write_xlsx(buffer, "整改台账", ["编号"], ([f"N{i}"] for i in range(5)), sheet_rows=3)
    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    assert workbook.sheetnames == ["整改台账", "整改台账（2）", "整改台账（3）"]
    assert [list(s.iter_rows(values_only=True)) for s in workbook] == [
        [("编号",), ("N0",), ("N1",)],
        [("编号",), ("N2",), ("N3",)],
        [("编号",), ("N4",)],
    ]
