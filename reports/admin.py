from django.contrib import admin

from tracker.audit.admin import AuditedAdmin

from .models import ExtractedFigure, LedgerLayout, LedgerSynonym, Report, ReportEvent, TriggerSuggestion


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    readonly_fields = ("old_status", "new_status", "actor", "reason", "created_at")


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("original_name", "county", "period", "status", "uploaded_at")
    list_filter = ("status",)
    readonly_fields = ("sha256", "size", "status", "failure_reason")
    inlines = [ReportEventInline]


admin.site.register(ExtractedFigure, AuditedAdmin)


@admin.register(TriggerSuggestion)
class TriggerSuggestionAdmin(admin.ModelAdmin):
    # Read-only: accepting must go through the suggestions page, which adds the phrase to the catalog.
    list_display = ("phrase", "indicator", "times_seen", "status", "decided_by", "decided_at")
    list_filter = ("status",)
    readonly_fields = (
        "phrase", "indicator", "times_seen", "counties", "reports", "example", "status", "decided_by", "decided_at",
        "created_at",
    )


@admin.register(LedgerSynonym)
class LedgerSynonymAdmin(admin.ModelAdmin):
    """The words of the ledger import: administrators add the column names and status or deadline
    words of a new layout here, and the next import knows them."""

    list_display = ("word", "kind", "book", "meaning", "rank")
    list_filter = ("kind", "book", "meaning")
    search_fields = ("word", "meaning")


@admin.register(LedgerLayout)
class LedgerLayoutAdmin(admin.ModelAdmin):
    list_display = ("county", "book", "header_row", "confirmed_at")
    list_filter = ("book",)
    readonly_fields = ("signature",)
