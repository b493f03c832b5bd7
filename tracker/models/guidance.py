"""The guidance groups' notes and corrections to a county (督导意见、纠偏)."""

from django.conf import settings
from django.db import models

from .bases import CountyRecord
from .ledger import RectificationItem
from .people import WorkingGroup


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
