"""The rectification ledger (整改台账): items, their history, deadline extensions, evidence and imports."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .activities import ResearchTopic
from .areas import Area
from .bases import CountyRecord, StatusEvent, StatusWorkflow, StoredUpload


def closed_rank():
    """0 for an open rectification item, 1 for a closed one: the first key of the ledger list's urgency
    order (closed_rank, deadline, id), which its index `rectification_urgency` serves."""
    closed = models.When(status="closed", then=models.Value(1))
    return models.Case(closed, default=models.Value(0), output_field=models.IntegerField())


class RectificationItem(StatusWorkflow, CountyRecord):
    """One line of the county's rectification ledger (整改台账)."""

    class Source(models.TextChoices):
        SELF_INSPECTION = "self_inspection", "检视查摆"
        RESEARCH = "research", "调查研究"
        PUBLIC = "public", "群众反映"
        GUIDANCE = "guidance", "指导组反馈"
        SPECIAL = "special", "专项整治"

    class Level(models.TextChoices):
        LEADERSHIP = "leadership", "领导班子"
        MEMBER = "member", "党员个人"
        UNIT = "unit", "单位"

    class Status(models.TextChoices):
        OPEN = "open", "未整改"
        IN_PROGRESS = "in_progress", "整改中"
        PENDING_REVIEW = "pending_review", "已整改待审核"
        CLOSED = "closed", "已销号"

    # Allowed transitions. Leaving PENDING_REVIEW is either a second person's decision (close, or send
    # back to IN_PROGRESS) or the county office's withdrawal (撤回) of its own submission back to
    # IN_PROGRESS, to edit and submit again (tracker.permissions.may_transition / is_withdrawal).
    TRANSITIONS = {
        Status.OPEN: {Status.IN_PROGRESS},
        Status.IN_PROGRESS: {Status.PENDING_REVIEW},
        Status.PENDING_REVIEW: {Status.CLOSED, Status.IN_PROGRESS},  # 销号; 退回 or 撤回
        Status.CLOSED: set(),
    }

    ledger_number = models.CharField("台账编号", max_length=32, blank=True)
    description = models.TextField("问题描述")
    source = models.CharField("问题来源", max_length=32, choices=Source.choices, default=Source.SELF_INSPECTION)
    level = models.CharField("问题层级", max_length=16, choices=Level.choices, default=Level.UNIT)
    responsible_unit = models.CharField("责任单位", max_length=128, blank=True)
    responsible_person = models.CharField("责任人", max_length=64, blank=True)
    measures = models.TextField("整改措施", blank=True)
    deadline = models.DateField("整改时限", null=True, blank=True)
    # The deadline as the ledger wrote it (2023年12月底前, 立行立改, 长期坚持); those words have no date.
    deadline_text = models.CharField("时限原文", max_length=64, blank=True)
    category = models.CharField("问题类别", max_length=100, blank=True)
    status = models.CharField("整改状态", max_length=16, choices=Status.choices, default=Status.OPEN)
    # A cell an import could not read keeps its text here ({column label: text}) and flags the item.
    needs_check = models.BooleanField("需核实", default=False)
    original_text = models.JSONField("无法识别的原文", default=dict, blank=True)
    closed_date = models.DateField("销号日期", null=True, blank=True)
    closure_note = models.TextField("销号说明", blank=True)
    research_topic = models.ForeignKey(
        ResearchTopic,
        verbose_name="来源调研课题",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    # Who asked for 销号; that person may not approve it (the second pair of eyes).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "整改事项"
        ordering = ["county", "ledger_number", "id"]
        indexes = [
            models.Index(fields=["county", "status"]),
            models.Index(fields=["county", "ledger_number"]),
            # The ledger list's sorts, each with the id as tie-break so a page is a range of one index.
            models.Index(closed_rank(), models.F("deadline"), models.F("id"), name="rectification_urgency"),
            models.Index(fields=["deadline", "id"], name="rectification_deadline"),
            models.Index(fields=["ledger_number", "id"], name="rectification_number"),
            models.Index(fields=["status", "id"], name="rectification_status"),
        ]
        constraints = [
            # Imports match rows to items on the ledger number, so it must name one item per county.
            models.UniqueConstraint(
                fields=["county", "ledger_number"],
                condition=~models.Q(ledger_number=""),
                name="unique_ledger_number_per_county",
            )
        ]

    def __str__(self):
        return f"{self.ledger_number} {self.description[:30]}"

    closed_rank = staticmethod(closed_rank)

    def is_overdue(self, today):
        return self.status != self.Status.CLOSED and self.deadline is not None and self.deadline < today


class RectificationChange(models.Model):
    """History of a rectification item: one row per changed field (who, when, old, new, why).

    Values are stored as shown to users (choice labels, ISO dates), so the history reads the same after
    choices or fields change. `field` is a model field name, or "created" / "evidence".
    """

    CREATED = "created"
    EVIDENCE = "evidence"

    item = models.ForeignKey(RectificationItem, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField("字段", max_length=32)
    old_value = models.TextField("原值", blank=True)
    new_value = models.TextField("新值", blank=True)
    reason = models.TextField("说明", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "整改事项变更记录"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.item_id} {self.field}: {self.old_value} → {self.new_value}"

    @property
    def field_label(self):
        if self.field == self.CREATED:
            return "新建"
        if self.field == self.EVIDENCE:
            return "佐证材料"
        return RectificationItem._meta.get_field(self.field).verbose_name


class DeadlineExtension(StatusWorkflow, models.Model):
    """A request to move a rectification item's deadline (延期), with its reason, and the decision on it.

    The county office asks; the county's reviewer or a guidance group supervising the county decides
    (selectors.scope.APPROVE), never the one who asked. Only an approval moves the item's deadline, so
    the item's `deadline` is always the approved one, and the deadline before the first approved
    extension is the item's original deadline (selectors.lights.with_extensions derives it from here).
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "已驳回"

    # Allowed transitions; services.deadline_extensions.deadline_extension_decide enforces them.
    TRANSITIONS = {
        Status.REQUESTED: {Status.APPROVED, Status.REFUSED},
        Status.APPROVED: set(),
        Status.REFUSED: set(),
    }

    item = models.ForeignKey(
        RectificationItem, verbose_name="整改事项", on_delete=models.CASCADE, related_name="extensions"
    )
    previous_deadline = models.DateField("原整改时限", null=True, blank=True)
    requested_deadline = models.DateField("申请延至")
    reason = models.TextField("延期理由")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "延期申请"
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["item", "status"])]
        constraints = [
            # One open request per item: a second would be decided against a deadline that no longer holds.
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(status="requested"), name="one_open_extension_per_item"
            )
        ]

    def __str__(self):
        return f"{self.item_id} 延至 {self.requested_deadline:%Y-%m-%d}（{self.get_status_display()}）"


def evidence_upload_path(evidence, filename):
    # Stored under the hash so the original name never reaches the disk path.
    return f"evidence/{evidence.item.county_id}/{evidence.sha256}"


class Evidence(models.Model):
    """A file proving a rectification item was done (photos, minutes, documents). Kept as uploaded."""

    item = models.ForeignKey(RectificationItem, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to=evidence_upload_path, max_length=255)
    original_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


def ledger_import_path(ledger_import, filename):
    return f"ledgers/{ledger_import.county_id}/{ledger_import.sha256}.xlsx"


class LedgerImport(StoredUpload):
    """An uploaded Excel workbook (ledger, study sessions or research topics) and its import.

    The file is parsed into a preview first; nothing is written until the user confirms, and then the
    whole file is written or nothing is. The stored file is the original and is never changed.
    """

    class Kind(models.TextChoices):
        RECTIFICATION = "rectification", "整改台账"
        STUDY = "study", "学习活动"
        RESEARCH = "research", "调研课题"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        PARSING = "parsing", "解析中"
        PREVIEW = "preview", "待确认"
        IMPORTING = "importing", "导入中"
        DONE = "done", "已导入"
        FAILED = "failed", "失败"

    # Allowed transitions; each step is recorded in LedgerImportEvent.
    TRANSITIONS = {
        Status.QUEUED: {Status.PARSING, Status.FAILED},
        Status.PARSING: {Status.PREVIEW, Status.FAILED},
        Status.PREVIEW: {Status.IMPORTING, Status.QUEUED},  # confirm, or read again with corrections
        Status.IMPORTING: {Status.DONE, Status.PREVIEW, Status.FAILED},
        Status.DONE: set(),
        Status.FAILED: set(),
    }

    county = models.ForeignKey(Area, verbose_name="县", on_delete=models.PROTECT, related_name="ledger_imports")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    file = models.FileField("原始文件", upload_to=ledger_import_path, max_length=255)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.QUEUED)
    failure_reason = models.TextField("失败原因", blank=True)
    rows_total = models.PositiveIntegerField("总行数", null=True, blank=True)
    rows_done = models.PositiveIntegerField("已处理行数", default=0)
    # {"create": n, "update": n, "unchanged": n, "errors": [{"row", "message"}], "notices": [...]}
    summary = models.JSONField("预览结果", default=dict, blank=True)
    # The user's corrections in the preview: the header row (1-based) and {column index: field}.
    header_row = models.PositiveIntegerField("表头行", null=True, blank=True)
    column_mapping = models.JSONField("列对应关系", default=dict, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta(StoredUpload.Meta):
        verbose_name = verbose_name_plural = "Excel导入"

    @property
    def is_busy(self):
        return self.status in (self.Status.QUEUED, self.Status.PARSING, self.Status.IMPORTING)

    @property
    def errors(self):
        return self.summary.get("errors", [])


class LedgerImportEvent(StatusEvent):
    """History of an import's status, shown on its page."""

    STATUSES = LedgerImport.Status

    ledger_import = models.ForeignKey(LedgerImport, on_delete=models.CASCADE, related_name="events")

    class Meta(StatusEvent.Meta):
        verbose_name = verbose_name_plural = "Excel导入记录"
