from django.contrib import admin

from .models import (
    Area,
    Campaign,
    Figure,
    Indicator,
    Profile,
    RectificationItem,
    ReportingPeriod,
    ResearchTopic,
    StudySession,
    WorkingGroup,
)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "parent", "party_org_count", "party_member_count")
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
class FigureAdmin(admin.ModelAdmin):
    list_display = ("county", "period", "indicator", "value", "qualifier", "source")
    list_filter = ("source", "indicator__category")


admin.site.register([Campaign, ReportingPeriod, StudySession, ResearchTopic, RectificationItem])
admin.site.site_header = "主题教育督导平台管理"
