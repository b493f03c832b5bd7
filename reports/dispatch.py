"""Sending a Celery task by its registered name.

Tasks call services; services that must queue work (a report to parse, a ledger to preview or import)
name the task instead of importing the task module, so the dependency runs one way.
"""
from celery import current_app

INGEST_REPORT = "reports.tasks.ingest_report"
PREVIEW_LEDGER_IMPORT = "reports.tasks.preview_ledger_import"
APPLY_LEDGER_IMPORT = "reports.tasks.apply_ledger_import"


def send_task(name: str, *args) -> None:
    """Queue the task registered as `name` (run in-process when tasks are eager)."""
    current_app.tasks[name].delay(*args)
