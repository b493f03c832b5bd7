from celery import shared_task

from reports.tasks import FILE_TASK, retry_or_give_up

from . import services


def _mark_failed(import_id):
    return lambda reason: services.ledger_import_mark_failed(import_id=import_id, reason=reason)


@shared_task(**FILE_TASK)
def preview_ledger_import(self, import_id):
    retry_or_give_up(
        self, lambda: services.ledger_import_preview(import_id=import_id), mark_failed=_mark_failed(import_id)
    )


@shared_task(**FILE_TASK)
def apply_ledger_import(self, import_id):
    retry_or_give_up(
        self, lambda: services.ledger_import_apply(import_id=import_id), mark_failed=_mark_failed(import_id)
    )
