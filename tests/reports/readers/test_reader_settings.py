"""READER_TIMEOUT_SECONDS and READER_MEMORY_MB are the limits report_ingest reads files under."""
import pytest
from django.core.files.base import ContentFile

from reports import services
from reports.models import Report
from reports.services import report_ingest

TIMEOUT = "读取文件超时，文件可能已损坏或过于复杂。"


def queued_report(county, period, user, path) -> Report:
    report = Report(county=county, period=period, original_name=path.name, sha256=f"{path.stat().st_size:064d}",
                    size=path.stat().st_size, uploaded_by=user)
    report.file.save(report.sha256, ContentFile(path.read_bytes()), save=False)
    report.save()
    return report


@pytest.mark.tool("soffice")
@pytest.mark.tool("pdftotext")
def test_a_report_read_under_a_zero_second_limit_fails_with_the_timeout_message(
    settings, alice, county_a, period, report_file
):
    # Reading a PDF runs pdftotext; with no time at all the reader's child refuses to start it.
    report = queued_report(county_a, period, alice, report_file("report.pdf"))

    settings.READER_TIMEOUT_SECONDS = 0
    report_ingest(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.failure_reason == TIMEOUT


@pytest.mark.tool("soffice")
@pytest.mark.tool("pdftotext")
def test_the_same_report_is_read_under_the_default_limit(alice, county_a, period, report_file):
    report = queued_report(county_a, period, alice, report_file("report.pdf"))

    report_ingest(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == Report.Status.NEEDS_REVIEW
    assert report.extracted_figures.filter(value=17).exists()


def test_both_reader_settings_reach_the_reader(settings, alice, county_a, period, tmp_path, monkeypatch):
    # The memory cap cannot be shown failing deterministically (allocators differ), so check it is passed on.
    seen = {}

    def reader(path, **limits):
        seen.update(limits)
        raise services.UnreadableDocument("测试")

    monkeypatch.setattr(services, "read_document", reader)
    source = tmp_path / "报告.txt"
    source.write_text("检视问题12个。", encoding="utf-8")
    settings.READER_TIMEOUT_SECONDS, settings.READER_MEMORY_MB = 7, 321

    report_ingest(report_id=queued_report(county_a, period, alice, source).pk)

    assert seen == {"timeout": 7, "memory_mb": 321}
