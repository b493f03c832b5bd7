import django_tables2 as tables


class CountyComparisonTable(tables.Table):
    """One row per county: the confirmed report's figures beside the ledger's, ranked by the ledger's
    closure rate. Every column sorts; the headers say where each number comes from. The columns give the
    headers, sorting and paging; the template writes the cells (tracker.templatetags.cells)."""

    rank = tables.Column("排名")
    name = tables.Column("县")
    parent_name = tables.Column("上级地区")
    reported_found = tables.Column("检视问题（报告）")
    reported_closed = tables.Column("完成整改（报告）")
    reported_rate = tables.Column("整改完成率（报告）")
    items_found = tables.Column("问题数（台账）")
    items_closed = tables.Column("已销号（台账）")
    ledger_rate = tables.Column("销号率（台账）")
    items_overdue = tables.Column("逾期未销号（台账）")
    extensions = tables.Column("延期（已批准）")
    new_found = tables.Column("区间新增问题（台账）")
    new_closed = tables.Column("区间新增销号（台账）")
    indicator_value = tables.Column("所选指标（报告）")
    differs = tables.Column("报告与台账")

    class Meta:
        attrs = {"class": "table", "id": "comparison-table"}
        empty_text = "所选范围内没有县。"
        order_by = ("rank",)
        template_name = "tracker/tables/county_comparison.html"

    def __init__(self, data, *, query, **kwargs):
        exclude = []
        if query.since is None:
            exclude += ["new_found", "new_closed"]
        if query.indicator is None:
            exclude.append("indicator_value")
        super().__init__(data, exclude=exclude, **kwargs)
        self.with_range, self.with_indicator = query.since is not None, query.indicator is not None
        unit = "每千名党员" if query.per_thousand else ""
        for name in ("reported_found", "reported_closed", "items_found", "items_closed", "items_overdue",
                     "new_found", "new_closed"):
            if unit and name not in exclude:
                column = self.columns[name].column
                column.verbose_name = column.verbose_name.replace("（", f"（{unit}·", 1)
        if query.indicator is not None:
            unit_text = unit or query.indicator.unit
            self.columns["indicator_value"].column.verbose_name = f"{query.indicator.name_zh}（{unit_text}·报告）"
