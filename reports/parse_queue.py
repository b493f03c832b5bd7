"""The parse queue: how a report's parse task is sent, claimed, kept alive and recovered.

Nothing here may lose an upload. The row says that its task is due (`dispatch_due`) until the broker took
the message, so a broker that is down only delays parsing: the sweep sends it later. A run claims its
report with one conditional UPDATE (only from 排队中/解析中), so a late or duplicate run never touches a
report in review or confirmed, and marks it alive while it parses; a report parsing without a mark lost its
worker and is queued again, a bounded number of times, then failed with the reason.
"""
import contextlib
import datetime
import logging
import threading
import uuid

import kombu.exceptions
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from .dispatch import REPORT_INGEST, send_task
from .models import Report, ReportEvent
from .workflow import report_set_status

log = logging.getLogger(__name__)

BUSY = (Report.Status.QUEUED, Report.Status.PARSING)
# What a broker that is down raises when a message is sent (kombu wraps the client's errors; a refused
# connection can surface as the socket error itself).
BROKER_ERRORS = (kombu.exceptions.OperationalError, ConnectionError, OSError)

TOO_MANY_ATTEMPTS = (
    "解析未能完成：已自动尝试{attempts}次，每次都超过时限或解析进程中断（文件可能过大或已损坏）。"
    "原始文件已保存，可下载核对后重新上传，或联系管理员。"
)
REQUEUED = "解析进程中断或超时，已自动重新排队（已尝试{attempts}次）"


def report_dispatch(*, report_id: int) -> bool:
    """Send the parse task of a report whose task is due; False (the row stays due) when the broker is down."""
    try:
        send_task(REPORT_INGEST, report_id)
    except BROKER_ERRORS as exc:
        log.warning("parse task of report %s not sent, the sweep will send it: %s", report_id, exc)
        return False
    Report.objects.filter(pk=report_id, dispatch_due=True).update(dispatch_due=False)
    return True


def report_enqueue(*, report: Report) -> None:
    """Mark the report's task due and send it when the current transaction commits."""
    Report.objects.filter(pk=report.pk).update(dispatch_due=True)
    report.dispatch_due = True
    transaction.on_commit(lambda: report_dispatch(report_id=report.pk))


def report_claim(*, report_id: int, run_id: str) -> tuple[Report, int] | None:
    """Claim a report for the run `run_id` (a Celery task id): returns it with the attempt number the run
    must show when it writes, or None when the run has nothing to do.

    A queued report is claimed; a parsing one only by the same task (its retry or redelivery) or when its
    last run stopped marking it alive. After REPORT_MAX_ATTEMPTS runs the report is failed instead.
    """
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.REPORT_HEARTBEAT_STALE_SECONDS)
    claimable = Q(status=Report.Status.QUEUED) | Q(status=Report.Status.PARSING) & (
        Q(parse_task_id=run_id) | Q(parse_heartbeat_at__lt=stale) | Q(parse_heartbeat_at=None)
    )
    with transaction.atomic():
        before = Report.objects.select_for_update().filter(pk=report_id).first()
        if before is None or before.status not in BUSY:
            return None
        mine = Report.objects.filter(claimable, pk=report_id, status__in=BUSY)
        if not mine.exists():
            return None  # another run is alive and parsing it
        if before.parse_attempts >= settings.REPORT_MAX_ATTEMPTS:
            _fail(before, TOO_MANY_ATTEMPTS.format(attempts=before.parse_attempts))
            return None
        claimed = mine.update(
            status=Report.Status.PARSING,
            parse_attempts=F("parse_attempts") + 1,
            parse_task_id=run_id,
            parse_heartbeat_at=now,
            dispatch_due=False,
        )
        if not claimed:
            return None
        report = Report.objects.get(pk=report_id)
        reason = "开始解析" if report.parse_attempts == 1 else f"重新开始解析（第{report.parse_attempts}次）"
        ReportEvent.objects.create(report=report, old_status=before.status, new_status=report.status, reason=reason)
    return report, report.parse_attempts


def report_still_claimed(*, report_id: int, run_id: str, attempt: int) -> Report | None:
    """Inside a transaction: the report locked for writing if this run still owns it, else None (a later
    run or the user took it over, or it is no longer parsing)."""
    return (
        Report.objects.select_for_update()
        .filter(pk=report_id, status=Report.Status.PARSING, parse_task_id=run_id, parse_attempts=attempt)
        .first()
    )


@contextlib.contextmanager
def report_heartbeat(*, report_id: int, run_id: str, attempt: int):
    """While the body runs, mark the claimed report alive every REPORT_HEARTBEAT_SECONDS from a thread (the
    parse itself blocks in a reader); a dead process stops marking, which is how the sweep finds it."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(settings.REPORT_HEARTBEAT_SECONDS):
                try:
                    Report.objects.filter(
                        pk=report_id, status=Report.Status.PARSING, parse_task_id=run_id, parse_attempts=attempt
                    ).update(parse_heartbeat_at=timezone.now())
                except DatabaseError as exc:  # the database is away: the parse goes on, marks resume after
                    log.warning("heartbeat of report %s not written: %s", report_id, exc)
                    connection.close()
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"heartbeat-report-{report_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def report_requeue_or_fail(*, report_id: int, run_id: str = "", reason: str) -> None:
    """A run that could not finish (time limit, lost worker): queue the report again while attempts remain,
    else fail it with `reason` and the number of attempts. With `run_id`, only if that run still owns it."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id, status__in=BUSY).first()
        if report is None or (run_id and report.parse_task_id != run_id):
            return
        if report.parse_attempts >= settings.REPORT_MAX_ATTEMPTS:
            _fail(report, f"{reason}（已尝试{report.parse_attempts}次）")
            return
        _set_queued(report, f"{reason}，已自动重新排队（已尝试{report.parse_attempts}次）")


def report_mark_failed(*, report_id: int, reason: str) -> None:
    """A task gave up on the report: the user sees why instead of a report stuck in 排队中/解析中."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id, status__in=BUSY).first()
        if report is not None:
            _fail(report, reason)


def report_retry(*, report: Report, user) -> None:
    """The user's 重新解析: a failed report, or one left 排队中/解析中 for REPORT_STALE_MINUTES, is queued
    again with a fresh set of attempts."""
    if report.is_busy and not report_is_stale(report=report):
        raise ValueError("该报告正在解析，请稍后再试。")
    with transaction.atomic():
        if report.status != Report.Status.QUEUED:
            report_set_status(report=report, status=Report.Status.QUEUED, actor=user, reason="重新解析")
        else:
            ReportEvent.objects.create(
                report=report, old_status=report.status, new_status=report.status, actor=user, reason="重新解析"
            )
        Report.objects.filter(pk=report.pk).update(parse_attempts=0, parse_task_id="", parse_heartbeat_at=None)
        report_enqueue(report=report)


def report_last_change(*, report: Report) -> datetime.datetime:
    last = report.events.order_by("-created_at").values_list("created_at", flat=True).first()
    return last or report.uploaded_at


def report_is_stale(*, report: Report) -> bool:
    """True when the report has sat 排队中/解析中 for REPORT_STALE_MINUTES: the user may ask again."""
    if not report.is_busy:
        return False
    age = timezone.now() - report_last_change(report=report)
    return age > datetime.timedelta(minutes=settings.REPORT_STALE_MINUTES)


def report_queue_sweep() -> dict[str, int]:
    """Recover what a fault left behind; returns counts. Run at worker start and by beat.

    - parsing without a heartbeat: the worker died; queued again, or failed after REPORT_MAX_ATTEMPTS runs;
    - queued, sent, and untouched for REPORT_STALE_MINUTES: the message was lost; due again;
    - every queued report whose task is due is sent (stopping at the first broker error).
    """
    now = timezone.now()
    stale_beat = now - datetime.timedelta(seconds=settings.REPORT_HEARTBEAT_STALE_SECONDS)
    counts = {"requeued": 0, "failed": 0, "sent": 0}
    orphans = Report.objects.filter(status=Report.Status.PARSING).filter(
        Q(parse_heartbeat_at__lt=stale_beat) | Q(parse_heartbeat_at=None)
    )
    for report_id in orphans.values_list("pk", flat=True):
        with transaction.atomic():
            report = (
                Report.objects.select_for_update()
                .filter(Q(parse_heartbeat_at__lt=stale_beat) | Q(parse_heartbeat_at=None))
                .filter(pk=report_id, status=Report.Status.PARSING)
                .first()
            )
            if report is None:
                continue
            if report.parse_attempts >= settings.REPORT_MAX_ATTEMPTS:
                _fail(report, TOO_MANY_ATTEMPTS.format(attempts=report.parse_attempts))
                counts["failed"] += 1
            else:
                _set_queued(report, REQUEUED.format(attempts=report.parse_attempts))
                counts["requeued"] += 1
    cutoff = now - datetime.timedelta(minutes=settings.REPORT_STALE_MINUTES)
    last_change = ReportEvent.objects.filter(report=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
    Report.objects.filter(status=Report.Status.QUEUED, dispatch_due=False).annotate(
        changed=Subquery(last_change)
    ).filter(changed__lt=cutoff).update(dispatch_due=True)
    for report_id in Report.objects.filter(status=Report.Status.QUEUED, dispatch_due=True).values_list("pk", flat=True):
        if not report_dispatch(report_id=report_id):
            break
        counts["sent"] += 1
    return counts


def new_run_id() -> str:
    """A run id for a parse started outside Celery (a command, a test)."""
    return f"local-{uuid.uuid4()}"


def _set_queued(report: Report, reason: str) -> None:
    report_set_status(report=report, status=Report.Status.QUEUED, reason=reason)
    Report.objects.filter(pk=report.pk).update(parse_task_id="", parse_heartbeat_at=None)
    report_enqueue(report=report)


def _fail(report: Report, reason: str) -> None:
    report_set_status(report=report, status=Report.Status.FAILED, reason=reason)
