"""Users' roles, the working groups, and when a member last looked at a county."""

from django.conf import settings
from django.db import models

from .areas import Area


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
