import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html


class RecordTable(tables.Table):
    """A list of county records; ``editable_county_ids`` are the counties whose rows the user may change."""

    def __init__(self, *args, editable_county_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.editable_county_ids = editable_county_ids


class RectificationItemTable(RecordTable):
    """The ledger list; the light column sorts by urgency (red, yellow, green). A million items are
    sorted only by the columns an index serves (see RectificationItem's indexes), the id breaking ties.
    The columns give the headers, sorting and paging; the template writes the cells (templatetags.cells)."""

    light = tables.Column("预警", order_by=("closed_rank", "deadline", "id"))
    ledger_number = tables.Column("编号", order_by=("ledger_number", "id"))
    county = tables.Column("县", accessor="county__name", orderable=False)
    description = tables.Column("问题描述", orderable=False)
    source = tables.Column("问题来源", orderable=False)
    responsible_unit = tables.Column("责任单位", orderable=False)
    deadline = tables.Column("整改时限", order_by=("deadline", "id"))
    extension_count = tables.Column("延期", orderable=False)
    status = tables.Column("整改状态", order_by=("status", "id"))

    class Meta:
        attrs = {"class": "table", "id": "rectification-table"}
        order_by = ("light",)
        empty_text = "暂无整改事项"
        template_name = "tracker/tables/rectification_items.html"


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
