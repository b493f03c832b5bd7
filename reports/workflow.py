"""The report's status workflow: the one function that moves it, used by ingestion, review and the queue."""
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from .models import Report, ReportEvent


def report_set_status(*, report: Report, status: str, actor: AbstractBaseUser | None = None, reason: str = "") -> None:
    """The one way a report's status changes: checks the transition, records who, when and why.

    The row is locked and its status read again first, so the transition is checked against the committed
    status, not against `report` as it was loaded: of two concurrent moves (a double-clicked 确认, a
    confirmation racing a new parse) the second waits for the first and is refused if it no longer applies.
    Callers that write more in the same move wrap the call in their own transaction."""
    with transaction.atomic():
        report.status = Report.objects.select_for_update().values_list("status", flat=True).get(pk=report.pk)
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
