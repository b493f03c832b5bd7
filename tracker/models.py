from django.conf import settings
from django.db import models
from django.utils import timezone


class Area(models.Model):
    """A node of the area tree: province → city → county. Every record belongs to one county."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "市"
        COUNTY = "county", "县"

    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    party_org_count = models.PositiveIntegerField("基层党组织数", null=True, blank=True)
    party_member_count = models.PositiveIntegerField("党员数", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "地区"
        ordering = ["level", "name"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="unique_area_name_per_parent")]

    def __str__(self):
        return self.name

    @property
    def is_county(self):
        return self.level == self.Level.COUNTY


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
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="成员", blank=True, related_name="working_groups")

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

    def __str__(self):
        return self.title


class RectificationItem(CountyRecord):
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

    ledger_number = models.CharField("台账编号", max_length=32, blank=True)
    description = models.TextField("问题描述")
    source = models.CharField("问题来源", max_length=32, choices=Source.choices, default=Source.SELF_INSPECTION)
    level = models.CharField("问题层级", max_length=16, choices=Level.choices, default=Level.UNIT)
    responsible_unit = models.CharField("责任单位", max_length=128, blank=True)
    responsible_person = models.CharField("责任人", max_length=64, blank=True)
    measures = models.TextField("整改措施", blank=True)
    deadline = models.DateField("整改时限", null=True, blank=True)
    status = models.CharField("整改状态", max_length=16, choices=Status.choices, default=Status.OPEN)
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

    class Meta:
        verbose_name = verbose_name_plural = "整改事项"
        ordering = ["county", "ledger_number", "id"]
        indexes = [models.Index(fields=["county", "status"]), models.Index(fields=["county", "ledger_number"])]

    def __str__(self):
        return f"{self.ledger_number} {self.description[:30]}"

    def is_overdue(self, today):
        return self.status != self.Status.CLOSED and self.deadline is not None and self.deadline < today


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
        "reports.Report", verbose_name="来源报告", null=True, blank=True, on_delete=models.PROTECT, related_name="figures"
    )
    evidence = models.TextField("依据", blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "数据"
        ordering = ["indicator__category", "indicator__code"]
        indexes = [models.Index(fields=["county", "period", "source"])]

    def __str__(self):
        return f"{self.county} {self.indicator.name_zh} {self.value}"


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
