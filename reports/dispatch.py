"""The names of the ingestion tasks, for services that queue them (tracker.dispatch.send_task sends a task by
its registered name, so services never import the task module)."""
from tracker.dispatch import send_task

__all__ = ["LEDGER_IMPORT_APPLY", "LEDGER_IMPORT_PREVIEW", "REPORT_INGEST", "send_task"]

# Each task is registered under the name of the service it calls.
REPORT_INGEST = "reports.tasks.report_ingest"
LEDGER_IMPORT_PREVIEW = "reports.tasks.ledger_import_preview"
LEDGER_IMPORT_APPLY = "reports.tasks.ledger_import_apply"
