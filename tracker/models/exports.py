"""Files the product writes for its users: export jobs and bulletins (通报)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .areas import Area, ReportingPeriod
from .bases import StatusWorkflow
from .ledger import LedgerImport
from .people import WorkingGroup


def export_job_path(job, filename):
    return f"exports/{job.requested_by_id}/{job.pk}/{filename}"


class ExportJob(StatusWorkflow, models.Model):
    """A list (ledger, study sessions, research topics) or the comparison of counties written to a file by
    a Celery task, for exports too long to write while the browser waits. The rows are those the
    requester's page showed: their scope (selectors.counties_for) at run time and the filters kept here.
    Only the requester downloads the file; it is deleted after settings.EXPORT_RETENTION_DAYS (已过期)."""

    class Kind(models.TextChoices):
        RECTIFICATION = LedgerImport.Kind.RECTIFICATION.value, LedgerImport.Kind.RECTIFICATION.label
        STUDY = LedgerImport.Kind.STUDY.value, LedgerImport.Kind.STUDY.label
        RESEARCH = LedgerImport.Kind.RESEARCH.value, LedgerImport.Kind.RESEARCH.label
        COMPARISON = "comparison", "各县对比"

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel（.xlsx）"
        CSV = "csv", "CSV"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "导出中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"
        EXPIRED = "expired", "已过期"

    # Allowed transitions, taken by tracker.workflow.status_change. A run that dies
    # is run again by the queue (acks_late), so RUNNING may start over. A file past its retention is
    # deleted and the job kept as EXPIRED (tracker.retention).
    TRANSITIONS = {
        Status.QUEUED: {Status.RUNNING, Status.FAILED},
        Status.RUNNING: {Status.RUNNING, Status.DONE, Status.FAILED},
        Status.DONE: {Status.EXPIRED},
        Status.FAILED: set(),
        Status.EXPIRED: set(),
    }

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导出人", on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField("内容", max_length=16, choices=Kind.choices)
    format = models.CharField("格式", max_length=8, choices=Format.choices)
    filters = models.JSONField("筛选条件", default=dict, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField("总行数", null=True, blank=True)
    rows_done = models.PositiveIntegerField("已写行数", default=0)
    file = models.FileField("文件", upload_to=export_job_path, max_length=255, blank=True)
    error = models.TextField("失败原因", blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "导出任务"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.get_format_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_busy(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self):
        if not self.rows_total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, self.rows_done * 100 // self.rows_total)


def bulletin_path(bulletin, filename):
    return f"bulletins/{bulletin.period_id}/{bulletin.pk}.docx"


class Bulletin(StatusWorkflow, models.Model):
    """A period's bulletin (通报) as a Word document, for an area, a working group's counties, or every
    county (neither). Made by a Celery task, on request or on the beat schedule."""

    class Status(models.TextChoices):
        QUEUED = "queued", "生成中"
        DONE = "done", "已生成"
        FAILED = "failed", "生成失败"
        EXPIRED = "expired", "已过期"

    # Allowed transitions, taken by tracker.workflow.status_change. A document past its retention is
    # deleted and the bulletin kept as EXPIRED (tracker.retention).
    TRANSITIONS = {
        Status.QUEUED: {Status.DONE, Status.FAILED},
        Status.DONE: {Status.EXPIRED},
        Status.FAILED: set(),
        Status.EXPIRED: set(),
    }

    period = models.ForeignKey(ReportingPeriod, verbose_name="报告期", on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(Area, verbose_name="地区", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        WorkingGroup, verbose_name="工作组", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField("文件", upload_to=bulletin_path, max_length=255, blank=True)
    failure_reason = models.TextField("失败原因", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="按计划自动生成的通报为空。",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通报"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(area__isnull=True) | models.Q(group__isnull=True), name="bulletin_area_or_group"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def scope_name(self):
        if self.group_id:
            return self.group.name
        if self.area_id:
            return self.area.name
        return "全部县"

    @property
    def title(self):
        return f"{self.scope_name}主题教育工作通报（{self.period.label}）"

    @property
    def filename(self):
        return f"{self.title}.docx"
