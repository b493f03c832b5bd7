from django.contrib import admin

from .models import AuditEvent
from .services import Kind, audit_record


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is never added to, changed or deleted by hand."""

    list_display = ("created_at", "username", "ip_address", "kind", "outcome", "county", "object_repr")
    list_filter = ("kind", "outcome")
    search_fields = ("username", "object_repr", "object_id")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin(admin.ModelAdmin):
    """An admin whose additions, changes and deletions are audited as `audit_kind` (figures and ledger
    items: the pages write those through services that record them, the admin does not)."""

    audit_kind: str = Kind.FIGURE_CHANGE

    def _audit(self, obj, action, message):
        # The admin's own change message: which fields of the form changed.
        audit_record(kind=self.audit_kind, obj=obj, detail={"action": action, "admin": message})

    def log_addition(self, request, obj, message):
        self._audit(obj, "created", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(obj, "changed", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(obj, "deleted", "")
        return super().log_deletions(request, queryset)
