import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from .selectors import agreement


def _number(value):
    return f"{value:.1f}" if isinstance(value, float) else value


class ReportedColumn(tables.Column):
    """A figure from the county's confirmed report for the period, linked to that report."""

    def render(self, value, record):
        if record.report_id is None:  # entered by hand: no report to link
            return _number(value)
        return format_html(
            '<a href="{}" title="来源：已确认的进展报告">{}</a>',
            reverse("report_review", args=[record.report_id]),
            _number(value),
        )


class LedgerColumn(tables.Column):
    """A figure counted from the county's ledger, linked to its items."""

    def render(self, value, record):
        return format_html(
            '<a href="{}?county={}" title="来源：整改台账逐条统计">{}</a>',
            reverse("rectification_list"),
            record.pk,
            _number(value),
        )


class RateColumn(tables.Column):
    def render(self, value):
        return f"{value:.1f}%"


class CountyComparisonTable(tables.Table):
    """One row per county: the confirmed report's figures beside the ledger's, ranked by the ledger's
    closure rate. Every column sorts; the headers say where each number comes from."""

    rank = tables.Column("排名")
    name = tables.Column("县", linkify=("county_detail", {"county_id": tables.A("pk")}))
    parent_name = tables.Column("上级地区", default="")
    reported_found = ReportedColumn("检视问题（报告）", default="未报告")
    reported_closed = ReportedColumn("完成整改（报告）", default="—")
    reported_rate = RateColumn("整改完成率（报告）", default="—")
    items_found = LedgerColumn("问题数（台账）", default=0)
    items_closed = LedgerColumn("已销号（台账）", default=0)
    ledger_rate = RateColumn("销号率（台账）", default="—")
    items_overdue = LedgerColumn("逾期未销号（台账）", default=0)
    new_found = LedgerColumn("区间新增问题（台账）", default=0)
    new_closed = LedgerColumn("区间新增销号（台账）", default=0)
    indicator_value = ReportedColumn("所选指标（报告）", default="—")
    differs = tables.Column("报告与台账")

    class Meta:
        attrs = {"class": "table", "id": "comparison-table"}
        empty_text = "所选范围内没有县。"
        order_by = ("rank",)

    def __init__(self, data, *, query, **kwargs):
        exclude = []
        if query.since is None:
            exclude += ["new_found", "new_closed"]
        if query.indicator is None:
            exclude.append("indicator_value")
        super().__init__(data, exclude=exclude, **kwargs)
        unit = "每千名党员" if query.per_thousand else ""
        for name in ("reported_found", "reported_closed", "items_found", "items_closed", "items_overdue",
                     "new_found", "new_closed"):
            if unit and name not in exclude:
                column = self.columns[name].column
                column.verbose_name = column.verbose_name.replace("（", f"（{unit}·", 1)
        if query.indicator is not None:
            unit_text = unit or query.indicator.unit
            self.columns["indicator_value"].column.verbose_name = f"{query.indicator.name_zh}（{unit_text}·报告）"

    def render_differs(self, value, record):
        text = agreement({"reported_found": record.reported_found, "reported_closed": record.reported_closed, "differs": value})
        if text == "不一致":
            return format_html('<span class="flag-differs" title="超出页面所述容差">{}</span>', text)
        if text == "未报告":
            return format_html('<span class="muted">{}</span>', text)
        return text
