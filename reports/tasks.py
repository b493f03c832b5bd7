import logging
import time

import kombu.exceptions
from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection

from . import parse_queue, services
from .ledger import uploads

log = logging.getLogger(__name__)

# Errors that pass when the database or the broker is back: retried with backoff. Anything else is a
# property of the file or a bug, and retrying it would only delay the message the user needs.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, kombu.exceptions.OperationalError)
# Options shared by every file-processing task (reports and ledger imports), see settings "Faults".
FILE_TASK = dict(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=settings.TASK_RETRY_BACKOFF,
    retry_backoff_max=settings.TASK_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=settings.TASK_MAX_RETRIES,
)

GAVE_UP = "系统处理该文件时出错，请稍后重试或联系管理员。"
UNAVAILABLE = "数据库或任务队列长时间不可用，系统多次重试后仍未能处理该文件。原始文件已保存，请点击“重新解析”。"
TIMED_OUT = "处理超过时限（{seconds}秒）"
# How long the "give up" write itself waits for the database before it is left to the queue sweep.
GIVE_UP_WRITE_SECONDS = 30 * 60


def retry_or_give_up(task, work, *, mark_failed, on_timeout=None):
    """Run `work()`. A database or broker error is raised again for the task's autoretry (exponential
    backoff) until its retries are spent; then, and at once for any other error, `mark_failed(reason=…)`
    records why, waiting for the database if it is away, so the user never sees a file stuck in processing.
    A run past its soft time limit calls `on_timeout(reason=…)` instead when given. Shared by every
    file-processing task."""
    try:
        work()
    except SoftTimeLimitExceeded:
        seconds = task.soft_time_limit or settings.CELERY_TASK_SOFT_TIME_LIMIT
        write_when_database_is_back(lambda: (on_timeout or mark_failed)(reason=TIMED_OUT.format(seconds=seconds)))
        raise
    except TRANSIENT_ERRORS:
        _drop_connection()  # the next try opens a fresh connection
        if task.request.retries >= task.max_retries:
            write_when_database_is_back(lambda: mark_failed(reason=UNAVAILABLE))
        raise
    except Exception as exc:
        write_when_database_is_back(lambda: mark_failed(reason=f"{GAVE_UP}（{failure_detail(exc)}）"))
        raise


def _drop_connection() -> None:
    """Close a connection the database dropped, so the next query opens a fresh one. Inside a
    transaction (a test's, or a caller's) it is left to that transaction's owner."""
    if not connection.in_atomic_block:
        connection.close()


def failure_detail(exc: Exception) -> str:
    """The error's kind and message, short enough to show."""
    return f"{type(exc).__name__}: {exc}"[:200]


def write_when_database_is_back(write) -> None:
    """Run a status write, retrying with backoff while the database is unreachable (for up to
    GIVE_UP_WRITE_SECONDS); past that the queue sweep still finds the record by its missing heartbeat."""
    deadline = time.monotonic() + GIVE_UP_WRITE_SECONDS
    delay = 1
    while True:
        try:
            write()
            return
        except (OperationalError, InterfaceError) as exc:
            _drop_connection()
            if time.monotonic() > deadline:
                log.error("status write given up after %s s: %s", GIVE_UP_WRITE_SECONDS, exc)
                raise
            log.warning("database unavailable for a status write, again in %s s: %s", delay, exc)
            time.sleep(delay)
            delay = min(delay * 2, 30)


# Each task is named after the service it calls. Work is queued by name (reports.dispatch).


def _report_ingest(task, report_id):
    retry_or_give_up(
        task,
        lambda: services.report_ingest(report_id=report_id, run_id=task.request.id),
        mark_failed=lambda reason: parse_queue.report_mark_failed(report_id=report_id, reason=reason),
        # A run out of time goes back to the queue while attempts remain (the row counts them).
        on_timeout=lambda reason: parse_queue.report_requeue_or_fail(
            report_id=report_id, run_id=task.request.id, reason=reason
        ),
    )


def _ledger_import_failed(import_id):
    return lambda reason: uploads.ledger_import_mark_failed(import_id=import_id, reason=reason)


def _ledger_import_preview(task, import_id):
    retry_or_give_up(
        task, lambda: uploads.ledger_import_preview(import_id=import_id), mark_failed=_ledger_import_failed(import_id)
    )


def _ledger_import_apply(task, import_id):
    retry_or_give_up(
        task, lambda: uploads.ledger_import_apply(import_id=import_id), mark_failed=_ledger_import_failed(import_id)
    )


@shared_task(**FILE_TASK)
def report_ingest(self, report_id):
    _report_ingest(self, report_id)


@shared_task(**FILE_TASK)
def ledger_import_preview(self, import_id):
    _ledger_import_preview(self, import_id)


@shared_task(**FILE_TASK)
def ledger_import_apply(self, import_id):
    _ledger_import_apply(self, import_id)


@shared_task
def report_queue_sweep():
    return parse_queue.report_queue_sweep()


@worker_ready.connect
def sweep_when_a_worker_starts(sender, **kwargs):
    """A worker that starts (after a crash, a deploy or a broker outage) first recovers what was left."""
    report_queue_sweep.delay()


# The names these tasks had before they were named after their services. A message queued by the
# previous release still carries them (file tasks acknowledge late, so their messages outlive a deploy
# in the broker), and an import has no sweep to send it again if it were dropped. The sweep is not kept:
# a dropped sweep message is made good by the next beat. Remove once no worker of that release runs.
@shared_task(name="reports.tasks.ingest_report", **FILE_TASK)
def ingest_report(self, report_id):
    _report_ingest(self, report_id)


@shared_task(name="reports.tasks.preview_ledger_import", **FILE_TASK)
def preview_ledger_import(self, import_id):
    _ledger_import_preview(self, import_id)


@shared_task(name="reports.tasks.apply_ledger_import", **FILE_TASK)
def apply_ledger_import(self, import_id):
    _ledger_import_apply(self, import_id)
