"""The report's status workflow: the one function that moves it, used by ingestion, review and the queue."""
from django.contrib.auth.models import AbstractBaseUser

from tracker.audit.services import Kind as AuditKind
from tracker.audit.services import Outcome, audit_record

from .models import Report, ReportEvent

# The moves that end a parse, as audit events (confirmation is recorded by report_confirm, with its figures).
PARSE_RESULTS = {Report.Status.NEEDS_REVIEW: Outcome.SUCCESS, Report.Status.FAILED: Outcome.FAILURE}


def report_set_status(*, report: Report, status: str, actor: AbstractBaseUser | None = None, reason: str = "") -> None:
    """The one way a report's status changes: checks the transition, records who, when and why."""
    if not report.can_transition_to(status):
        raise ValueError(f"报告状态不能从“{report.get_status_display()}”变为“{Report.Status(status).label}”")
    old = report.status
    report.status = status
    fields = ["status"]
    if status == Report.Status.FAILED:
        report.failure_reason = reason
        fields.append("failure_reason")
    report.save(update_fields=fields)
    ReportEvent.objects.create(report=report, old_status=old, new_status=status, actor=actor, reason=reason)
    if status in PARSE_RESULTS:
        audit_record(kind=AuditKind.PARSE, outcome=PARSE_RESULTS[status], obj=report, user=actor, detail={"reason": reason})
