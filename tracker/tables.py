import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .selectors.lights import LIGHTS


class CountyComparisonTable(tables.Table):
    """Problems found versus closed per county, from reports and from the ledger."""

    city = tables.Column("所属市")
    county = tables.Column("县")
    found = tables.Column("检视查摆问题（报告）", default="—")
    closed = tables.Column("完成整改（报告）", default="—")
    closure_rate = tables.Column("整改完成率", default="—")
    found_per_thousand = tables.Column("每千名党员检视问题", default="—")
    ledger_found = tables.Column("台账问题数")
    ledger_closed = tables.Column("台账已销号")
    ledger_closure_rate = tables.Column("台账销号率", default="—")
    ledger_overdue = tables.Column("台账逾期（红灯）")
    ledger_due_soon = tables.Column("台账临期（黄灯）")
    ledger_extensions = tables.Column("延期（已批准）")
    differs = tables.Column("报告与台账", order_by=("differs",))

    class Meta:
        attrs = {"class": "table", "id": "comparison-table"}
        empty_text = "暂无数据"  # rows come in the selector's order, which the chart uses too

    def render_county(self, value, record):
        return format_html('<a href="{}">{}</a>', reverse("county_detail", args=[record["county_id"]]), value)

    def render_closure_rate(self, value):
        return f"{value}%"

    def render_ledger_closure_rate(self, value):
        return f"{value}%"

    def render_differs(self, value, record):
        if value:
            return mark_safe('<span class="flag-differs" title="报告数与台账数不一致">不一致</span>')
        return "一致" if record["reported"] else mark_safe('<span class="muted">未报告</span>')


class RecordTable(tables.Table):
    """A list of county records; ``editable_county_ids`` are the counties whose rows the user may change."""

    def __init__(self, *args, editable_county_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.editable_county_ids = editable_county_ids


class RectificationItemTable(RecordTable):
    """The ledger list; the light column sorts by urgency (red, yellow, green)."""

    light = tables.Column("预警", order_by=("light_rank", "deadline"))
    ledger_number = tables.Column("编号", linkify=("rectification_detail", {"item_id": tables.A("pk")}))
    county = tables.Column("县", accessor="county__name", order_by=("county__name",))
    description = tables.Column("问题描述")
    source = tables.Column("问题来源")
    responsible_unit = tables.Column("责任单位")
    deadline = tables.DateColumn(format="Y-m-d", verbose_name="整改时限")
    extension_count = tables.Column("延期", order_by=("extension_count",))
    status = tables.Column("整改状态")

    class Meta:
        attrs = {"class": "table", "id": "rectification-table"}
        order_by = ("light",)
        empty_text = "暂无整改事项"

    def render_light(self, value):
        return format_html('<span class="light light-{}" title="{}">●</span> {}', value, LIGHTS[value], LIGHTS[value])

    def render_description(self, value):
        return value if len(value) <= 60 else value[:60] + "…"

    def render_extension_count(self, value, record):
        if not value:
            return "—"
        original = record.original_deadline.isoformat() if record.original_deadline else "无"
        return format_html('{}次 <span class="muted">原时限 {}</span>', value, original)


class StudySessionTable(RecordTable):
    date = tables.DateColumn(format="Y-m-d", verbose_name="日期")
    county = tables.Column("县", accessor="county__name", order_by=("county__name",))
    kind = tables.Column("类型")
    title = tables.Column("主题")
    participants = tables.Column("参加人数", default="—")

    class Meta:
        attrs = {"class": "table", "id": "study-table"}
        order_by = ("-date",)
        empty_text = "暂无学习活动"

    def render_date(self, value, record):
        # A session has no page of its own but its edit form, which only the county's office may open.
        text = value.strftime("%Y-%m-%d")
        if record.county_id in self.editable_county_ids:
            return format_html('<a href="{}">{}</a>', reverse("study_edit", args=[record.pk]), text)
        return text


class ResearchTopicTable(RecordTable):
    title = tables.Column("调研课题", linkify=("research_detail", {"topic_id": tables.A("pk")}))
    county = tables.Column("县", accessor="county__name", order_by=("county__name",))
    lead = tables.Column("牵头领导")
    status = tables.Column("状态")
    problem_count = tables.Column("发现问题数")

    class Meta:
        attrs = {"class": "table", "id": "research-table"}
        order_by = ("title",)
        empty_text = "暂无调研课题"
