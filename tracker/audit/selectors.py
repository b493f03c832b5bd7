from django.db.models import QuerySet

from .models import AuditEvent


def audit_events() -> QuerySet[AuditEvent]:
    """The whole trail, newest first, with the county's name for the page."""
    return AuditEvent.objects.select_related("county").order_by("-created_at", "-id")
