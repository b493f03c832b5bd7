"""Sending a Celery task by its registered name.

Tasks call services; services that must queue work (a report to parse, a ledger to preview or import)
name the task instead of importing the task module, so the dependency runs one way.
"""
from tracker.dispatch import send_task

INGEST_REPORT = "reports.tasks.ingest_report"
PREVIEW_LEDGER_IMPORT = "reports.tasks.preview_ledger_import"
APPLY_LEDGER_IMPORT = "reports.tasks.apply_ledger_import"

__all__ = ["APPLY_LEDGER_IMPORT", "INGEST_REPORT", "PREVIEW_LEDGER_IMPORT", "send_task"]
