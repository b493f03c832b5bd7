"""The indicator catalog, the figures taken from reports and the per-county, per-period summary."""

from django.db import models
from django.utils import timezone

from .areas import Area, ReportingPeriod


class Indicator(models.Model):
    """An entry of the indicator catalog. Codes are stable; triggers are editable data."""

    class Kind(models.TextChoices):
        CUMULATIVE = "cumulative", "累计"
        SNAPSHOT = "snapshot", "时点"

    code = models.SlugField("代码", max_length=64, unique=True)
    category = models.CharField("类别", max_length=32)
    name_zh = models.CharField("名称", max_length=64)
    name_en = models.CharField("英文名称", max_length=128, blank=True)
    unit = models.CharField("计量单位", max_length=16)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    triggers = models.TextField("触发词", help_text="用“|”分隔，例如：检视问题|查摆问题")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标"
        ordering = ["category", "code"]

    def __str__(self):
        return f"{self.name_zh}（{self.code}）"

    @property
    def trigger_list(self):
        return tuple(t.strip() for t in self.triggers.split("|") if t.strip())


class Figure(models.Model):
    """One number for one county and period, from one source; the dashboard always says which."""

    class Qualifier(models.TextChoices):
        EXACT = "exact", "精确"
        AT_LEAST = "at_least", "以上"
        ABOUT = "about", "约"
        AT_MOST = "at_most", "以内"

    class Source(models.TextChoices):
        REPORT = "report", "进展报告"
        LEDGER = "ledger", "整改台账"
        MANUAL = "manual", "手工录入"

    county = models.ForeignKey(
        Area, verbose_name="县", on_delete=models.PROTECT, related_name="figures", limit_choices_to={"level": "county"}
    )
    period = models.ForeignKey(ReportingPeriod, verbose_name="报告期", on_delete=models.PROTECT, related_name="figures")
    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.PROTECT, related_name="figures")
    value = models.DecimalField("数值", max_digits=20, decimal_places=4)
    unit = models.CharField("单位", max_length=16, blank=True)
    qualifier = models.CharField("限定", max_length=16, choices=Qualifier.choices, default=Qualifier.EXACT)
    source = models.CharField("来源", max_length=16, choices=Source.choices)
    report = models.ForeignKey(
        "reports.Report",
        verbose_name="来源报告",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="figures",
    )
    evidence = models.TextField("依据", blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "数据"
        ordering = ["indicator__category", "indicator__code"]
        indexes = [models.Index(fields=["county", "period", "source"])]

    def __str__(self):
        return f"{self.county} {self.indicator.name_zh} {self.value}"


class CountyPeriodSummary(models.Model):
    """One county in one reporting period, kept by tracker.summary on every report confirmation and ledger
    change, so that pages over thousands of counties read one row per county instead of counting items.

    Ledger figures are cumulative as of the period's end: found = items entered by then, closed = items
    closed by then, overdue open = items whose deadline had passed by then and not closed by then (for a
    period still running: those that will be overdue at its end unless closed). Reported figures are
    those of the county's confirmed report for this very period (none: null), `reported_values` all of
    its catalog figures ({code: value}, the largest where a report gives one indicator several times).
    """

    county = models.ForeignKey(
        Area, verbose_name="县", on_delete=models.CASCADE, related_name="period_summaries"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name="报告期", on_delete=models.CASCADE, related_name="county_summaries"
    )
    items_found = models.PositiveIntegerField("台账问题数", default=0)
    items_closed = models.PositiveIntegerField("台账已销号", default=0)
    items_overdue_open = models.PositiveIntegerField("台账逾期未销号", default=0)
    report = models.ForeignKey(
        "reports.Report",
        verbose_name="已确认报告",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_found = models.BigIntegerField("报告检视问题数", null=True, blank=True)
    reported_closed = models.BigIntegerField("报告完成整改数", null=True, blank=True)
    reported_values = models.JSONField("报告各项指标", default=dict, blank=True)
    # Whether the report's found/closed disagree with the ledger beyond tracker.summary's tolerance.
    reported_differs = models.BooleanField("报告与台账不一致", default=False)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "县报告期汇总"
        constraints = [models.UniqueConstraint(fields=["county", "period"], name="unique_summary_per_county_period")]
        # Pages read one period across many counties.
        indexes = [models.Index(fields=["period", "county"], name="summary_period_county")]

    def __str__(self):
        return f"{self.county_id} · {self.period_id}"


# Catalog categories as shown to users, with the colour each is highlighted in on the review page.
CATEGORIES = {
    "org": ("组织保障", "#8e44ad"),
    "study": ("学习教育", "#2471a3"),
    "research": ("调查研究", "#17a589"),
    "rectify": ("检视整改", "#c0392b"),
    "guidance": ("督促指导", "#d68910"),
    "service": ("为民办实事", "#28b463"),
    "develop": ("推动发展", "#5d6d7e"),
}
