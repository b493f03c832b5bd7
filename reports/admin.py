from django.contrib import admin

from .models import ExtractedFigure, Report, ReportEvent, TriggerSuggestion


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


admin.site.register(ExtractedFigure)


@admin.register(TriggerSuggestion)
class TriggerSuggestionAdmin(admin.ModelAdmin):
    # Read-only: accepting must go through the suggestions page, which adds the phrase to the catalog.
    list_display = ("phrase", "indicator", "times_seen", "status", "decided_by", "decided_at")
    list_filter = ("status",)
    readonly_fields = (
        "phrase", "indicator", "times_seen", "counties", "reports", "example", "status", "decided_by", "decided_at",
        "created_at",
    )
