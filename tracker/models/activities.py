"""A county's study sessions and research topics."""

from django.db import models

from .bases import CountyRecord


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
