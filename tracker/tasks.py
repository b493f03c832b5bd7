from celery import shared_task

from . import services

GAVE_UP = "系统处理该文件时出错，请稍后重试或联系管理员。"


@shared_task(bind=True, max_retries=2, default_retry_delay=10, acks_late=True)
def preview_ledger_import(self, import_id):
    try:
        services.ledger_import_preview(import_id=import_id)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            services.ledger_import_mark_failed(import_id=import_id, reason=GAVE_UP)
            raise
        raise self.retry(exc=exc)


@shared_task(bind=True, max_retries=2, default_retry_delay=10, acks_late=True)
def apply_ledger_import(self, import_id):
    try:
        services.ledger_import_apply(import_id=import_id)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            services.ledger_import_mark_failed(import_id=import_id, reason=GAVE_UP)
            raise
        raise self.retry(exc=exc)
