from django.conf import settings
from django.db import models
from django.utils import timezone

from reports.extraction.rules import RULE_LABELS
from tracker.models import Area, Figure, Indicator, ReportingPeriod, StoredUpload


def report_upload_path(report, filename):
    # Stored under the hash so the original name (often Chinese, sometimes hostile) never reaches the disk path.
    return f"reports/{report.county_id}/{report.sha256}"


class Report(StoredUpload):
    """An uploaded county progress report. The stored file is the original and is never changed."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        PARSING = "parsing", "解析中"
        NEEDS_REVIEW = "needs_review", "待核对"
        CONFIRMED = "confirmed", "已确认"
        FAILED = "failed", "解析失败"

    # Allowed transitions; reports.services.report_set_status enforces them.
    TRANSITIONS = {
        Status.QUEUED: {Status.PARSING, Status.FAILED},
        Status.PARSING: {Status.NEEDS_REVIEW, Status.FAILED},
        Status.NEEDS_REVIEW: {Status.CONFIRMED, Status.PARSING},
        Status.FAILED: {Status.QUEUED},
        Status.CONFIRMED: set(),
    }

    county = models.ForeignKey(Area, verbose_name="县", on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(ReportingPeriod, verbose_name="报告期", on_delete=models.PROTECT, related_name="reports")
    file = models.FileField("原始文件", upload_to=report_upload_path, max_length=255)
    format = models.CharField("格式", max_length=16, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.QUEUED)
    failure_reason = models.TextField("失败原因", blank=True)
    text = models.TextField("提取文本", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", verbose_name="被新版本替代", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(StoredUpload.Meta):
        verbose_name = verbose_name_plural = "进展报告"
        constraints = [models.UniqueConstraint(fields=["county", "sha256"], name="unique_report_file_per_county")]

    @property
    def is_busy(self):
        return self.status in (self.Status.QUEUED, self.Status.PARSING)


class ReportEvent(models.Model):
    """History of a report's status: who, when, old, new, why."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    old_status = models.CharField("原状态", max_length=16, blank=True)
    new_status = models.CharField("新状态", max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]


class ExtractedFigure(models.Model):
    """A figure the extractor found in a report, awaiting the county's review."""

    class Decision(models.TextChoices):
        PENDING = "pending", "待核对"
        ACCEPTED = "accepted", "采用"
        REJECTED = "rejected", "不采用"

    class Context(models.TextChoices):
        RESULT = "result", "工作成效"
        PROBLEM = "problem", "存在问题"
        PLAN = "plan", "下一步打算"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="extracted_figures")
    indicator = models.ForeignKey(Indicator, verbose_name="指标", null=True, blank=True, on_delete=models.PROTECT)
    value = models.DecimalField("数值", max_digits=20, decimal_places=4)
    unit = models.CharField("单位", max_length=16, blank=True)
    qualifier = models.CharField(
        "限定", max_length=16, choices=Figure.Qualifier.choices, default=Figure.Qualifier.EXACT
    )
    text = models.CharField("原文", max_length=200)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    section = models.CharField("所在部分", max_length=200, blank=True)
    subject = models.CharField("主体", max_length=64, blank=True)
    context = models.CharField("性质", max_length=16, choices=Context.choices, default=Context.RESULT)
    # The extraction rule that gave the indicator or refused one (reports/extraction/rules.py), so a
    # reviewer's correction can be traced to it; empty for figures a reviewer added.
    rule = models.CharField("提取规则", max_length=40, blank=True)
    decision = models.CharField("核对结果", max_length=16, choices=Decision.choices, default=Decision.PENDING)
    added_by_reviewer = models.BooleanField("人工标注", default=False)

    class Meta:
        ordering = ["start", "id"]

    def __str__(self):
        return self.text

    @property
    def rule_label(self):
        """The rule in a reviewer's words."""
        return RULE_LABELS.get(self.rule, self.rule)

    @property
    def sentence(self):
        """The sentence of the report text this figure stands in, for the reviewer."""
        text = self.report.text
        start = max(text.rfind(mark, 0, self.start) for mark in "。；！？\n") + 1
        ends = [i for i in (text.find(mark, self.end) for mark in "。；！？\n") if i != -1]
        return text[start : min(ends) + 1 if ends else len(text)].strip()
