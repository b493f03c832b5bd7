from django.contrib import admin
from django.db import transaction

from .audit.admin import AuditedAdmin
from .audit.models import AuditEvent

from .models import (
    Area,
    Campaign,
    Evidence,
    Figure,
    GuidanceNote,
    Indicator,
    LedgerImport,
    Profile,
    RectificationChange,
    RectificationItem,
    ReportingPeriod,
    ResearchTopic,
    StudySession,
    WorkingGroup,
)
from .summary import summaries_rebuild, summary_refresh


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "parent", "party_org_count", "party_member_count")
    autocomplete_fields = ("parent",)
    list_filter = ("level",)
    search_fields = ("name",)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "category", "unit", "kind", "active")
    list_filter = ("category", "kind", "active")
    search_fields = ("code", "name_zh", "triggers")


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "home_area")
    list_filter = ("kind",)
    filter_horizontal = ("counties", "members")


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "area")
    list_filter = ("role",)


@admin.register(Figure)
class FigureAdmin(AuditedAdmin):
    list_display = ("county", "period", "indicator", "value", "qualifier", "source")
    list_filter = ("source", "indicator__category")


class RectificationChangeInline(admin.TabularInline):
    """History is written by tracker.services only; the admin shows it read-only."""

    model = RectificationChange
    extra = 0
    can_delete = False
    readonly_fields = ("created_at", "actor", "field", "old_value", "new_value", "reason")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RectificationItem)
class RectificationItemAdmin(AuditedAdmin):
    audit_kind = AuditEvent.Kind.ITEM_CHANGE
    list_display = ("ledger_number", "county", "description", "status", "deadline")
    list_filter = ("status", "source", "level")
    search_fields = ("ledger_number", "description", "responsible_unit")
    # Status and closure go through the workflow service, never through the admin.
    readonly_fields = ("status", "closed_date", "closure_note", "submitted_by")
    inlines = [RectificationChangeInline]

    # An administrator's edit (a deadline) or deletion moves the county's counts like any ledger change.
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            summary_refresh(county=obj.county)

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            summary_refresh(county=obj.county)

    def delete_queryset(self, request, queryset):
        counties = list(Area.objects.filter(pk__in=queryset.values("county_id")))
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            for county in counties:
                summary_refresh(county=county)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("label", "campaign", "kind", "start_date", "end_date")
    list_filter = ("campaign", "kind")

    # Every county gets its row of a new period (or a period whose dates changed) at once.
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            summaries_rebuild(periods=[obj])


@admin.register(LedgerImport)
class LedgerImportAdmin(admin.ModelAdmin):
    list_display = ("original_name", "county", "kind", "status", "uploaded_by", "uploaded_at")
    list_filter = ("kind", "status")
    readonly_fields = ("status", "summary", "rows_done", "rows_total", "failure_reason")


@admin.register(GuidanceNote)
class GuidanceNoteAdmin(admin.ModelAdmin):
    list_display = ("county", "group", "kind", "author", "created_at", "responded_at")
    list_filter = ("kind", "group")
    search_fields = ("text", "response")
    # Notes and replies are written by tracker.services; the admin shows who wrote what, unchanged.
    readonly_fields = (
        "county",
        "group",
        "author",
        "created_at",
        "kind",
        "text",
        "response",
        "responded_by",
        "responded_at",
    )

    def has_add_permission(self, request, obj=None):
        return False


admin.site.register([Campaign, StudySession, ResearchTopic, Evidence])
admin.site.site_header = "主题教育督导平台管理"
