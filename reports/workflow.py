"""The report's status workflow: the one function that moves it, used by ingestion, review and the queue."""
from django.contrib.auth.models import AbstractBaseUser

from tracker.audit.services import Kind as AuditKind
from tracker.audit.services import Outcome, audit_record
from tracker.workflow import status_change

from .models import Report, ReportEvent

# The moves that end a parse, as audit events (confirmation is recorded by report_confirm, with its figures).
PARSE_RESULTS = {Report.Status.NEEDS_REVIEW: Outcome.SUCCESS, Report.Status.FAILED: Outcome.FAILURE}


def report_set_status(*, report: Report, status: str, actor: AbstractBaseUser | None = None, reason: str = "") -> None:
    """The one way a report's status changes: checks the step, records who, when and why (ReportEvent);
    a failure keeps its reason on the report for the user to read."""
    status_change(
        record=report,
        status=status,
        fields={"failure_reason": reason} if status == Report.Status.FAILED else None,
        history=lambda before: [
            ReportEvent(report=report, old_status=before["status"], new_status=status, actor=actor, reason=reason)
        ],
    )
    if status in PARSE_RESULTS:
        audit_record(kind=AuditKind.PARSE, outcome=PARSE_RESULTS[status], obj=report, user=actor, detail={"reason": reason})
