"""The parse queue on the embedded defaults (SQLite, Celery eager): a broker that is down, a run that
comes late or twice, a worker that died, errors that pass and errors that do not.

The same faults on the real stack (PostgreSQL, Redis, worker processes killed) are in
tests/integration/test_faults.py."""
import datetime

import kombu.exceptions
import pytest
from django.core.files.base import ContentFile
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from reports import parse_queue, services, tasks
from reports.models import Report, ReportEvent
from tests.reports.test_report_pipeline import REPORT_TEXT, upload
from tracker.models import Figure


def stored_report(county, period, user, name="十一月进展.txt", text=REPORT_TEXT, **fields):
    report = Report(
        county=county,
        period=period,
        original_name=name,
        sha256=f"{Report.objects.count() + 1:064d}",
        size=len(text.encode()),
        uploaded_by=user,
        **fields,
    )
    report.file.save(report.sha256, ContentFile(text.encode()), save=False)
    report.save()
    ReportEvent.objects.create(report=report, new_status=report.status, actor=user, reason="上传")
    return report


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.report_ingest, "delay", refuse)


def figure_snapshot(report):
    return sorted(report.extracted_figures.values_list("start", "end", "value", "decision"))


def test_an_upload_while_the_broker_is_down_is_kept_and_parsed_when_the_queue_is_back(
    client, alice, county_a, period, broker_down, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, county_a, period)
    assert response.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200
    assert "解析队列暂时不可用，队列恢复后将自动开始解析" in page.content.decode()
    report = Report.objects.get()
    assert (report.status, report.dispatch_due) == (Report.Status.QUEUED, True)
    assert parse_queue.report_queue_sweep()["sent"] == 0  # still down: nothing sent, still due
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert parse_queue.report_queue_sweep()["sent"] == 1
    report.refresh_from_db()
    assert (report.status, report.dispatch_due) == (Report.Status.NEEDS_REVIEW, False)
    assert report.extracted_figures.filter(indicator__code="rectify_problems_found", value=12).count() == 1


def test_a_second_run_of_a_confirmed_reports_task_changes_nothing(
    client, alice, county_a, period, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, county_a, period)
    report = Report.objects.get()
    client.post(reverse("report_confirm", args=[report.pk]))
    report.refresh_from_db()
    before = (figure_snapshot(report), list(Figure.objects.values_list("pk", "value")), report.events.count())
    tasks.report_ingest.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == Report.Status.CONFIRMED
    assert (figure_snapshot(report), list(Figure.objects.values_list("pk", "value")), report.events.count()) == before


def test_a_run_claims_only_a_queued_report_or_one_whose_run_is_gone(alice, county_a, period, settings):
    report = stored_report(county_a, period, alice)
    report_in_review = stored_report(county_a, period, alice, name="已解析.txt", status=Report.Status.NEEDS_REVIEW)
    assert parse_queue.report_claim(report_id=report_in_review.pk, run_id="late") is None
    assert parse_queue.report_claim(report_id=report.pk, run_id="first")[1] == 1
    # A duplicate message while the first run is alive: nothing to do.
    assert parse_queue.report_claim(report_id=report.pk, run_id="duplicate") is None
    # The same task again (a redelivery after its process died) takes it back at once.
    assert parse_queue.report_claim(report_id=report.pk, run_id="first")[1] == 2
    # Another run once the heartbeat is stale; the first run can no longer write.
    stale = timezone.now() - datetime.timedelta(seconds=settings.REPORT_HEARTBEAT_STALE_SECONDS + 1)
    Report.objects.filter(pk=report.pk).update(parse_heartbeat_at=stale)
    assert parse_queue.report_claim(report_id=report.pk, run_id="second")[1] == 3
    assert parse_queue.report_still_claimed(report_id=report.pk, run_id="first", attempt=2) is None
    assert parse_queue.report_still_claimed(report_id=report.pk, run_id="second", attempt=3) is not None


def test_a_run_that_lost_its_claim_writes_nothing(alice, county_a, period, monkeypatch):
    report = stored_report(county_a, period, alice)
    real_extract = services.extract_figures

    def user_retries_meanwhile(*args, **kwargs):
        # While this run parses, the report is claimed by another run (the user's 重新解析 after a while).
        Report.objects.filter(pk=report.pk).update(parse_task_id="another", parse_attempts=1)
        return real_extract(*args, **kwargs)

    monkeypatch.setattr(services, "extract_figures", user_retries_meanwhile)
    services.report_ingest(report_id=report.pk, run_id="late")
    report.refresh_from_db()
    assert report.status == Report.Status.PARSING and not report.extracted_figures.exists()


def test_the_sweep_requeues_a_report_whose_worker_died_then_fails_it_after_the_last_attempt(
    alice, county_a, period, settings, monkeypatch, django_capture_on_commit_callbacks
):
    report = stored_report(county_a, period, alice)
    parse_queue.report_claim(report_id=report.pk, run_id="killed")
    Report.objects.filter(pk=report.pk).update(parse_heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        counts = parse_queue.report_queue_sweep()
    assert counts == {"requeued": 1, "failed": 0, "sent": 1}
    report.refresh_from_db()
    assert report.status == Report.Status.NEEDS_REVIEW and report.parse_attempts == 2
    assert report.events.filter(reason__startswith="解析进程中断或超时，已自动重新排队").count() == 1

    poison = stored_report(county_a, period, alice, name="每次都让进程崩溃.txt")
    Report.objects.filter(pk=poison.pk).update(
        status=Report.Status.PARSING, parse_attempts=settings.REPORT_MAX_ATTEMPTS, parse_task_id="killed"
    )
    assert parse_queue.report_queue_sweep() == {"requeued": 0, "failed": 1, "sent": 0}
    poison.refresh_from_db()
    assert poison.status == Report.Status.FAILED
    assert f"已自动尝试{settings.REPORT_MAX_ATTEMPTS}次" in poison.failure_reason


def test_a_redelivered_message_of_a_file_that_kills_its_worker_ends_failed(alice, county_a, period, settings):
    report = stored_report(county_a, period, alice)
    for _ in range(settings.REPORT_MAX_ATTEMPTS):
        assert parse_queue.report_claim(report_id=report.pk, run_id="same-task") is not None
    tasks.report_ingest.apply(args=[report.pk], task_id="same-task")
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED and "每次都超过时限或解析进程中断" in report.failure_reason


def test_a_queued_report_whose_message_was_lost_is_sent_again(
    alice, county_a, period, settings, django_capture_on_commit_callbacks
):
    report = stored_report(county_a, period, alice, dispatch_due=False)
    assert parse_queue.report_queue_sweep()["sent"] == 0  # recent: its message may still be in the queue
    ReportEvent.objects.filter(report=report).update(
        created_at=timezone.now() - datetime.timedelta(minutes=settings.REPORT_STALE_MINUTES + 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert parse_queue.report_queue_sweep()["sent"] == 1
    report.refresh_from_db()
    assert report.status == Report.Status.NEEDS_REVIEW


def test_an_error_that_is_not_transient_fails_at_once_with_its_reason(alice, county_a, period, monkeypatch):
    report = stored_report(county_a, period, alice)
    calls = []

    def broken(**kwargs):
        calls.append(kwargs)
        raise KeyError("indicator")

    monkeypatch.setattr(services, "report_ingest", broken)
    tasks.report_ingest.apply(args=[report.pk])
    report.refresh_from_db()
    assert len(calls) == 1
    assert report.status == Report.Status.FAILED
    assert report.failure_reason == f"{tasks.GAVE_UP}（KeyError: 'indicator'）"


def test_database_errors_are_retried_with_backoff_then_the_report_says_why(alice, county_a, period, monkeypatch):
    report = stored_report(county_a, period, alice)
    calls = []

    def database_away(**kwargs):
        calls.append(kwargs)
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(services, "report_ingest", database_away)
    tasks.report_ingest.apply(args=[report.pk])
    report.refresh_from_db()
    assert len(calls) == tasks.report_ingest.max_retries + 1
    assert tasks.report_ingest.autoretry_for == tasks.TRANSIENT_ERRORS and tasks.report_ingest.retry_jitter
    assert report.status == Report.Status.FAILED and report.failure_reason == tasks.UNAVAILABLE


def test_the_give_up_write_waits_for_the_database(monkeypatch):
    attempts, sleeps = [], []

    def write():
        attempts.append(1)
        if len(attempts) < 4:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(tasks.time, "sleep", sleeps.append)
    tasks.write_when_database_is_back(write)
    assert len(attempts) == 4 and sleeps == [1, 2, 4]


def test_a_run_out_of_time_is_requeued_then_failed_with_the_reason(
    alice, county_a, period, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from celery.exceptions import SoftTimeLimitExceeded

    report = stored_report(county_a, period, alice)
    real_ingest = services.report_ingest

    def too_slow(**kwargs):
        real_claim = parse_queue.report_claim(report_id=kwargs["report_id"], run_id=kwargs["run_id"])
        if real_claim is None:
            return real_ingest(**kwargs)
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services, "report_ingest", too_slow)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.report_ingest.apply(args=[report.pk], task_id="slow")
    report.refresh_from_db()
    # Each run gave up at the soft limit and went back to the queue, until the last attempt.
    assert report.status == Report.Status.FAILED
    assert report.failure_reason.startswith(f"处理超过时限（{settings.CELERY_TASK_SOFT_TIME_LIMIT}秒）")
    assert report.parse_attempts == settings.REPORT_MAX_ATTEMPTS
    assert report.events.filter(reason__contains="已自动重新排队").count() == settings.REPORT_MAX_ATTEMPTS - 1


def test_a_report_stuck_in_the_queue_offers_retry_after_a_while(
    client, alice, county_a, period, settings, django_capture_on_commit_callbacks
):
    report = stored_report(county_a, period, alice, dispatch_due=False)
    client.force_login(alice)
    assert "重新解析" not in client.get(reverse("report_review", args=[report.pk])).content.decode()
    response = client.post(reverse("report_retry", args=[report.pk]), follow=True)
    assert "该报告正在解析，请稍后再试。" in response.content.decode()
    ReportEvent.objects.filter(report=report).update(
        created_at=timezone.now() - datetime.timedelta(minutes=settings.REPORT_STALE_MINUTES + 1)
    )
    assert "重新解析" in client.get(reverse("report_review", args=[report.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("report_retry", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == Report.Status.NEEDS_REVIEW


def test_a_duplicate_upload_says_when_in_beijing_time(client, alice, county_a, period):
    report = stored_report(county_a, period, alice, text=REPORT_TEXT)
    report.sha256 = Report.sha256_of(ContentFile(REPORT_TEXT.encode("utf-8")))
    report.uploaded_at = datetime.datetime(2026, 3, 1, 16, 30, tzinfo=datetime.UTC)
    report.save()
    client.force_login(alice)
    page = client.get(upload(client, county_a, period).url).content.decode()
    assert "该文件已于2026-03-02 00:30上传过" in page


def test_a_report_with_more_figures_than_the_limit_is_refused_with_a_reason(
    client, alice, county_a, period, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_MAX_FIGURES = 3
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, county_a, period)
    report = Report.objects.get()
    assert report.status == Report.Status.FAILED and not report.extracted_figures.exists()
    assert "超过单份报告3项的上限" in report.failure_reason


def test_the_review_page_lists_figures_a_page_at_a_time(
    client, alice, county_a, period, settings, django_capture_on_commit_callbacks
):
    settings.REVIEW_FIGURES_PER_PAGE = 2
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, county_a, period)
    report = Report.objects.get()
    total = report.extracted_figures.count()
    assert total == 6
    url = reverse("report_review", args=[report.pk])
    pages = [client.get(url, {"page": n}).content.decode() for n in (1, 2, 3)]
    listed = [page.count('class="figure-form"') for page in pages]
    assert listed == [2, 2, 2]
    assert all(f"提取的数据（{total}项）" in page and "第" in page and "共3页" in page for page in pages)
    # Every figure is still highlighted in the text, pointing at its page.
    assert pages[0].count('data-page="3"') == 2
