"""Sending a Celery task by its registered name.

Tasks call services; services that must queue work (a report to parse, a ledger to preview or import)
name the task instead of importing the task module, so the dependency runs one way.
"""
from tracker.dispatch import send_task

__all__ = ["APPLY_LEDGER_IMPORT", "INGEST_REPORT", "PREVIEW_LEDGER_IMPORT", "send_task"]

# Each task is registered under the name of the service it calls.
REPORT_INGEST = "reports.tasks.report_ingest"
LEDGER_IMPORT_PREVIEW = "reports.tasks.ledger_import_preview"
LEDGER_IMPORT_APPLY = "reports.tasks.ledger_import_apply"

