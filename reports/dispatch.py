"""Sending a Celery task by its registered name.

Tasks call services; services that must queue work (a report to parse, a ledger to preview or import)
name the task instead of importing the task module, so the dependency runs one way.
"""
from celery import current_app

# Each task is registered under the name of the service it calls.
REPORT_INGEST = "reports.tasks.report_ingest"
LEDGER_IMPORT_PREVIEW = "reports.tasks.ledger_import_preview"
LEDGER_IMPORT_APPLY = "reports.tasks.ledger_import_apply"


def send_task(name: str, *args) -> None:
    """Queue the task registered as `name` (run in-process when tasks are eager)."""
    current_app.tasks[name].delay(*args)
