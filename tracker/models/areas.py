"""Areas (nation → province → city → county), campaigns and their reporting periods."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Substr


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
