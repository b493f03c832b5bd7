import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html


class CountyComparisonTable(tables.Table):
    """Problems found versus closed per county, from reports and from the ledger."""

    city = tables.Column("所属市")
    county = tables.Column("县")
    found = tables.Column("检视查摆问题（报告）", default="—")
    closed = tables.Column("完成整改（报告）", default="—")
    closure_rate = tables.Column("整改完成率", default="—")
    ledger_found = tables.Column("台账问题数")
    ledger_closed = tables.Column("台账已销号")
    ledger_overdue = tables.Column("台账逾期")

    class Meta:
        attrs = {"class": "table", "id": "comparison-table"}
        order_by = ("-closure_rate",)
        empty_text = "暂无数据"

    def render_county(self, value, record):
        return format_html('<a href="{}">{}</a>', reverse("county_detail", args=[record["county_id"]]), value)

    def render_closure_rate(self, value):
        return f"{value}%"
