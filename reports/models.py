from django.conf import settings
from django.db import models
from django.utils import timezone

from reports.extraction.rules import RULE_LABELS
from tracker.models import Area, Figure, Indicator, LedgerImport, ReportingPeriod, StatusEvent, StatusWorkflow, StoredUpload


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

    # Allowed transitions; each step is recorded in ReportEvent.
    TRANSITIONS = {
        Status.QUEUED: {Status.PARSING, Status.FAILED},
        # Back to the queue when its worker died or the user asks for a new parse.
        Status.PARSING: {Status.NEEDS_REVIEW, Status.FAILED, Status.QUEUED},
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
    # The parse queue (reports.parse_queue): the task is due until the broker took it; a run claims the
    # report (task id and attempt) and marks it alive while it parses, so a lost run is found and redone.
    dispatch_due = models.BooleanField("解析任务待发送", default=True)
    parse_attempts = models.PositiveSmallIntegerField("解析次数", default=0)
    parse_task_id = models.CharField("解析任务", max_length=64, blank=True)
    parse_heartbeat_at = models.DateTimeField("解析进程最近活动", null=True, blank=True)

    class Meta(StoredUpload.Meta):
        verbose_name = verbose_name_plural = "进展报告"
        constraints = [models.UniqueConstraint(fields=["county", "sha256"], name="unique_report_file_per_county")]

    @property
    def is_busy(self):
        return self.status in (self.Status.QUEUED, self.Status.PARSING)


class ReportEvent(StatusEvent):
    """History of a report's status: who, when, old, new, why."""

    STATUSES = Report.Status

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")


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


class TriggerSuggestion(StatusWorkflow, models.Model):
    """A phrase that reviewers' corrections propose as a trigger of an indicator, for an administrator
    to accept into the catalog or reject. One row per (phrase, indicator); each correction that
    proposes it again counts once more and adds its county and report."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "待处理"
        ACCEPTED = "accepted", "已采纳"
        REJECTED = "rejected", "已忽略"

    # Allowed transitions (reports.services.trigger_suggestion_decide). An accepted
    # phrase is in the catalog, where an administrator edits it; a rejected one may be reconsidered.
    TRANSITIONS = {
        Status.PROPOSED: {Status.ACCEPTED, Status.REJECTED},
        Status.REJECTED: {Status.ACCEPTED},
        Status.ACCEPTED: set(),
    }

    phrase = models.CharField("短语", max_length=32)
    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="+")
    times_seen = models.PositiveIntegerField("出现次数", default=0)
    counties = models.ManyToManyField(Area, verbose_name="出现的县", related_name="+")
    reports = models.ManyToManyField(Report, verbose_name="出现的报告", related_name="trigger_suggestions")
    example = models.CharField("例句", max_length=300)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    created_at = models.DateTimeField("首次出现", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "触发词建议"
        ordering = ["-times_seen", "phrase"]
        constraints = [
            models.UniqueConstraint(fields=["phrase", "indicator"], name="unique_trigger_suggestion_per_indicator")
        ]

    def __str__(self):
        return f"{self.phrase} → {self.indicator.name_zh}"

    @property
    def example_parts(self):
        """The example clause as (before, phrase, after), to highlight the phrase."""
        before, found, after = self.example.partition(self.phrase)
        return (before, found, after) if found else (self.example, "", "")


class LedgerSynonym(models.Model):
    """A word the ledger import knows: a column header, a status word, a deadline word or a row marker.

    Seeded from the workbook schemas and the layouts counties use; administrators add the words of new
    layouts here, and the next import reads them.
    """

    class Kind(models.TextChoices):
        COLUMN = "column", "列名"
        STATUS = "status", "整改状态用语"
        DEADLINE = "deadline", "时限用语"
        MARK = "mark", "打勾符号"
        FOOTER = "footer", "表尾行开头"

    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    # For columns: the book (rectification, study, research); empty for the other kinds.
    book = models.CharField("台账类型", max_length=16, blank=True, choices=LedgerImport.Kind.choices)
    word = models.CharField("用语", max_length=64)
    # For columns the field it fills; for status words the status; for deadline words its kind.
    meaning = models.CharField(
        "含义",
        max_length=32,
        blank=True,
        help_text="列名填字段（description、responsible_unit、measures、deadline、status、category…）；"
        "整改状态用语填 open、in_progress 或 closed；时限用语填 immediate（立行立改）或 ongoing（长期）",
    )
    # When two columns name the same field, the one whose name has the lower rank is read first.
    rank = models.PositiveSmallIntegerField("优先级", default=50, help_text="数字小的优先")

    class Meta:
        verbose_name = verbose_name_plural = "台账用语"
        ordering = ["kind", "book", "meaning", "rank", "word"]
        constraints = [models.UniqueConstraint(fields=["kind", "book", "word"], name="unique_ledger_synonym")]

    def __str__(self):
        return f"{self.word} → {self.meaning}"


class LedgerLayout(models.Model):
    """A county's workbook layout as a user confirmed it: next week's file with the same header is read
    with the same header row and columns, without asking again."""

    county = models.ForeignKey(Area, verbose_name="县", on_delete=models.CASCADE, related_name="ledger_layouts")
    book = models.CharField("台账类型", max_length=16, choices=LedgerImport.Kind.choices)
    # A hash of the normalised header cells, so the same header found on another row still matches.
    signature = models.CharField("表头特征", max_length=64)
    header_row = models.PositiveIntegerField("表头行")
    column_mapping = models.JSONField("列对应关系", default=dict)
    confirmed_at = models.DateTimeField("确认时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "台账版式"
        constraints = [
            models.UniqueConstraint(fields=["county", "book", "signature"], name="unique_ledger_layout")
        ]

    def __str__(self):
        return f"{self.county} {self.get_book_display()} 第{self.header_row}行表头"
