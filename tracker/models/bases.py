"""Abstract bases and the status workflow that every record with a status shares."""

import hashlib
from collections.abc import Mapping
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from .areas import Area


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


class CountyRecord(models.Model):
    county = models.ForeignKey(
        Area, verbose_name="县", on_delete=models.PROTECT, related_name="+", limit_choices_to={"level": "county"}
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        abstract = True


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
