"""The message after an upload says what happened to the file, not always "正在解析"."""
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import Report
from tests.factories import CountyFactory, PeriodFactory, user_with_role
from tracker.models import Profile

TEXT = "一、主要做法\n全县检视问题8个，已完成整改5个，举办读书班2期。\n".encode()


def _upload(client, content, name):
    county = CountyFactory(name="东县")
    period = PeriodFactory()
    client.force_login(user_with_role(Profile.Role.COUNTY_OFFICE, county))
    response = client.post(
        reverse("report_upload"), {"county": county.pk, "period": period.pk, "file": SimpleUploadedFile(name, content)}
    )
    return response, [str(m) for m in get_messages(response.wsgi_request)]


# transaction=True: commit hooks run when the service's transaction ends, as they do outside tests, so
# the in-process (eager) parsing is over before the view writes its message.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_report_parsed_during_the_upload_says_how_many_figures_await_review(client):
    response, said = _upload(client, TEXT, "进展.txt")
    report = Report.objects.get()
    assert report.status == Report.Status.NEEDS_REVIEW
    assert said == [f"上传成功，已解析完毕，提取到{report.extracted_figures.count()}项数据，请逐项核对后确认。"]
    assert report.extracted_figures.count() > 0
    assert response.url == reverse("report_review", args=[report.pk])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_report_that_failed_during_the_upload_gives_the_reason(client):
    _response, said = _upload(client, b"MZ\x90\x00" + bytes(range(256)) * 4, "报告.docx")
    report = Report.objects.get()
    assert report.status == Report.Status.FAILED
    assert said == [f"文件已保存，但解析失败：{report.failure_reason}"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_report_left_to_a_worker_says_it_is_still_being_parsed(client, monkeypatch):
    # The broker takes the task and no worker has picked it up yet.
    monkeypatch.setattr("reports.tasks.report_ingest.delay", lambda report_id: None)
    _response, said = _upload(client, TEXT, "进展.txt")
    assert Report.objects.get().status == Report.Status.QUEUED
    assert said == ["上传成功，系统正在解析，完成后本页会自动刷新。"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_report_whose_task_the_broker_refused_says_parsing_starts_when_the_queue_is_back(client, monkeypatch):
    from kombu.exceptions import OperationalError

    def refuse(report_id):
        raise OperationalError("broker down")

    monkeypatch.setattr("reports.tasks.report_ingest.delay", refuse)
    _response, said = _upload(client, TEXT, "进展.txt")
    report = Report.objects.get()
    assert report.status == Report.Status.QUEUED and report.dispatch_due
    assert said == ["文件已保存。解析队列暂时不可用，队列恢复后将自动开始解析，无需重新上传。"]
