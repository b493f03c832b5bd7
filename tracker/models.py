import hashlib
from collections.abc import Mapping
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone


class StatusWorkflow:
    """A record whose `status` (its TextChoices `Status`) moves only along TRANSITIONS, declared beside
    the choices. Moved by tracker.workflow.status_change, which checks the step and writes the history."""

    TRANSITIONS: ClassVar[Mapping[str, set[str]]] = {}

    def can_transition_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    def transition_refusal(self, status: str) -> str:
        """Why the workflow has no step from the current status to `status`, in Chinese; "" when it has."""
        if self.can_transition_to(status):
            return ""
        return f"{self._meta.verbose_name}的状态不能从“{self.get_status_display()}”变为“{self.Status(status).label}”。"


class StatusEvent(models.Model):
    """One step of a record's status workflow: who, when, from which status to which, why. The subclass
    names the record (a foreign key) and STATUSES, its Status choices."""

    STATUSES: ClassVar[type[models.TextChoices]]

    old_status = models.CharField("原状态", max_length=16, blank=True)
    new_status = models.CharField("新状态", max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    # The history keeps status codes; people read the labels ("排队中 → 解析中 → 待核对").
    @property
    def old_status_label(self):
        return self.STATUSES(self.old_status).label if self.old_status else ""

    @property
    def new_status_label(self):
        return self.STATUSES(self.new_status).label


class Area(models.Model):
    """A node of the area tree, of any depth: nation → province → city → county (some counties sit
    directly under a province). Every record belongs to one county.

    `path` is the chain of primary keys from the root ("1/5/23/"), so everything under an area is one
    indexed prefix filter (`path__startswith=area.path`) however deep the tree. It is kept on save,
    for this area and everything below it, because every writer (admin, imports, demo, factories) must
    leave it right; a bulk insert calls `area_paths_rebuild()` afterwards.
    """

    class Level(models.TextChoices):
        NATION = "nation", "全国"
        PROVINCE = "province", "省"
        CITY = "city", "市"
        COUNTY = "county", "县"

    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField("层级路径", max_length=255, editable=False, default="")
    party_org_count = models.PositiveIntegerField("基层党组织数", null=True, blank=True)
    party_member_count = models.PositiveIntegerField("党员数", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "地区"
        ordering = ["level", "name"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="unique_area_name_per_parent")]
        indexes = [
            # varchar_pattern_ops lets PostgreSQL answer LIKE 'prefix%' from the index in any collation.
            models.Index(fields=["path"], name="area_path_prefix", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return self.name

    @property
    def is_county(self):
        return self.level == self.Level.COUNTY

    def clean(self):
        if self.pk and self.parent_id and self._parent_is_below_self():
            raise ValidationError({"parent": "上级不能是本地区或其下级地区。"})

    def _parent_is_below_self(self):
        return self.parent_id == self.pk or (self.path and self.parent.path.startswith(self.path))

    def save(self, **kwargs):
        if self.pk and self.parent_id and self._parent_is_below_self():
            raise ValueError("上级不能是本地区或其下级地区。")
        old_path = self.path
        if self.pk is None:  # the path ends with the area's own key, known only after the insert
            super().save(**kwargs)
            kwargs = {"using": kwargs.get("using"), "update_fields": ["path"]}
        self.path = f"{self.parent.path if self.parent_id else ''}{self.pk}/"
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "path"}
        super().save(**kwargs)
        if old_path and old_path != self.path:
            # Moved under another parent: everything below follows, in one UPDATE.
            Area.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
            )


def area_paths_rebuild(area_model=None):
    """Recompute every area's path from the parents, level by level from the roots: after a bulk insert,
    and in the data migration (with its historical model)."""
    area_model = area_model or Area
    paths, layer = {}, list(area_model.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    for pk in layer:
        paths[pk] = f"{pk}/"
    while layer:
        children = list(area_model.objects.filter(parent__in=layer).values_list("pk", "parent_id"))
        for pk, parent_id in children:
            paths[pk] = f"{paths[parent_id]}{pk}/"
        layer = [pk for pk, _ in children]
    area_model.objects.bulk_update(
        [area_model(pk=pk, path=path) for pk, path in paths.items()], ["path"], batch_size=1000
    )


class Campaign(models.Model):
    name = models.CharField("名称", max_length=128)
    batch = models.CharField("批次", max_length=32, blank=True)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "主题教育"
        ordering = ["-start_date"]

    def __str__(self):
        return f"{self.name}（{self.batch}）" if self.batch else self.name


class ReportingPeriod(models.Model):
    """A week or a month of a campaign: 周调度、月总结."""

    class Kind(models.TextChoices):
        WEEK = "week", "周"
        MONTH = "month", "月"

    campaign = models.ForeignKey(Campaign, verbose_name="主题教育", on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    label = models.CharField("名称", max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "报告期"
        ordering = ["-start_date", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind", "start_date"], name="unique_period_per_campaign")
        ]

    def __str__(self):
        return self.label


class Profile(models.Model):
    """What a user is in the campaign. Guidance and liaison members get their counties from WorkingGroup."""

    class Role(models.TextChoices):
        COUNTY_OFFICE = "county_office", "县委主题教育办"
        COUNTY_REVIEWER = "county_reviewer", "县委主题教育办审核人"
        GUIDANCE = "guidance", "巡回指导组/联络组"
        LEADERSHIP = "leadership", "领导"
        ADMIN = "admin", "管理员"
        # Reads the audit trail (/audit/) and nothing else: no county, no admin; see tracker.audit.
        AUDITOR = "auditor", "审计员"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    area = models.ForeignKey(
        Area,
        verbose_name="所属地区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="县委主题教育办：本县；领导：所辖市或省；指导组成员留空。",
    )

    class Meta:
        verbose_name = verbose_name_plural = "用户角色"

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


class WorkingGroup(models.Model):
    class Kind(models.TextChoices):
        OFFICE = "office", "办公室工作组"
        GUIDANCE = "guidance", "巡回指导组"
        LIAISON = "liaison", "联络组"

    name = models.CharField("名称", max_length=64)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    home_area = models.ForeignKey(
        Area, verbose_name="所属地区", on_delete=models.PROTECT, related_name="working_groups", null=True, blank=True
    )
    counties = models.ManyToManyField(
        Area, verbose_name="联系县", blank=True, related_name="supervising_groups", limit_choices_to={"level": "county"}
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="成员", blank=True, related_name="working_groups"
    )

    class Meta:
        verbose_name = verbose_name_plural = "工作组"
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class CountyRecord(models.Model):
    county = models.ForeignKey(
        Area, verbose_name="县", on_delete=models.PROTECT, related_name="+", limit_choices_to={"level": "county"}
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        abstract = True


class StudySession(CountyRecord):
    class Kind(models.TextChoices):
        READING_CLASS = "reading_class", "读书班"
        COLLECTIVE = "collective", "集中学习"
        LECTURE = "lecture", "专题辅导/党课"
        DISCUSSION = "discussion", "研讨交流"

    kind = models.CharField("类型", max_length=32, choices=Kind.choices)
    date = models.DateField("日期")
    title = models.CharField("主题", max_length=200)
    participants = models.PositiveIntegerField("参加人数", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "学习活动"
        ordering = ["-date"]

    def __str__(self):
        return self.title


class ResearchTopic(CountyRecord):
    class Status(models.TextChoices):
        PLANNED = "planned", "已确定"
        IN_PROGRESS = "in_progress", "调研中"
        REPORTED = "reported", "已形成报告"

    title = models.CharField("调研课题", max_length=200)
    lead = models.CharField("牵头领导", max_length=64, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PLANNED)
    report = models.TextField("调研报告摘要", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "调研课题"
        ordering = ["-created_at"]
        # Imports and ledger rows name a topic by its title.
        constraints = [models.UniqueConstraint(fields=["county", "title"], name="unique_topic_title_per_county")]

    def __str__(self):
        return self.title


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


class GuidanceNote(CountyRecord):
    """A guidance or liaison group's note to a county (督导意见) or a correction it asks for (纠偏),
    with the county office's reply. Written by tracker.services; a note is answered once, when
    `responded_at` is set, and neither text changes afterwards."""

    class Kind(models.TextChoices):
        NOTE = "note", "督导意见"
        CORRECTION = "correction", "纠偏"

    group = models.ForeignKey(
        WorkingGroup, verbose_name="工作组", on_delete=models.PROTECT, related_name="guidance_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填写人", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField("内容")
    item = models.ForeignKey(
        RectificationItem,
        verbose_name="相关整改事项",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guidance_notes",
    )
    response = models.TextField("县里回复", blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responded_at = models.DateTimeField("回复时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "督导意见与纠偏"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["county", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.text[:30]}"

    @property
    def is_answered(self):
        return self.responded_at is not None


class StoredUpload(StatusWorkflow, models.Model):
    """An uploaded original file, kept unchanged, with a status moved only along TRANSITIONS."""

    original_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.original_name

    @staticmethod
    def sha256_of(uploaded_file):
        """Hex SHA-256 of an upload, read in chunks; the file is rewound for storing."""
        digest = hashlib.sha256()
        for chunk in uploaded_file.chunks():
            digest.update(chunk)
        uploaded_file.seek(0)
        return digest.hexdigest()


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

    # Allowed transitions; tracker.export_jobs.export_job_set_status enforces them. A run that dies
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


class CountyLastSeen(models.Model):
    """When a member last opened a county from a group's home, so its card can say what changed since."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="+")
    county = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField("最近查看时间")

    class Meta:
        verbose_name = verbose_name_plural = "最近查看"
        constraints = [
            models.UniqueConstraint(fields=["user", "group", "county"], name="unique_last_seen_per_member_county")
        ]


def bulletin_path(bulletin, filename):
    return f"bulletins/{bulletin.period_id}/{bulletin.pk}.docx"


class Bulletin(models.Model):
    """A period's bulletin (通报) as a Word document, for an area, a working group's counties, or every
    county (neither). Made by a Celery task, on request or on the beat schedule."""

    class Status(models.TextChoices):
        QUEUED = "queued", "生成中"
        DONE = "done", "已生成"
        FAILED = "failed", "生成失败"
        EXPIRED = "expired", "已过期"

    # Allowed transitions; tracker.bulletins enforces them. A document past its retention is deleted and
    # the bulletin kept as EXPIRED (tracker.retention).
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
