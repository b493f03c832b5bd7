import datetime

from celery import shared_task
from django.conf import settings

from . import services
from .ledger import uploads

GAVE_UP = "系统处理该文件时出错，请稍后重试或联系管理员。"


def retry_or_give_up(task, work, *, mark_failed):
    """Run `work()`; on an error retry the task, and after the last retry mark the record failed so the
    user sees why instead of a file stuck in processing. Shared by every file-processing task."""
    try:
        work()
    except Exception as exc:
        if task.request.retries >= task.max_retries:
            mark_failed(reason=GAVE_UP)
            raise
        raise task.retry(exc=exc)


@shared_task(bind=True, max_retries=2, default_retry_delay=10, acks_late=True)
def ingest_report(self, report_id):
    retry_or_give_up(
        self,
        lambda: services.report_ingest(report_id=report_id),
        mark_failed=lambda reason: services.report_mark_failed(report_id=report_id, reason=reason),
    )


@shared_task
def fail_stale_reports():
    return services.report_fail_stale(older_than=datetime.timedelta(minutes=settings.REPORT_STALE_MINUTES))


def _ledger_import_failed(import_id):
    return lambda reason: uploads.ledger_import_mark_failed(import_id=import_id, reason=reason)


@shared_task(bind=True, max_retries=2, default_retry_delay=10, acks_late=True)
def preview_ledger_import(self, import_id):
    retry_or_give_up(
        self, lambda: uploads.ledger_import_preview(import_id=import_id), mark_failed=_ledger_import_failed(import_id)
    )


@shared_task(bind=True, max_retries=2, default_retry_delay=10, acks_late=True)
def apply_ledger_import(self, import_id):
    retry_or_give_up(
        self, lambda: uploads.ledger_import_apply(import_id=import_id), mark_failed=_ledger_import_failed(import_id)
    )
