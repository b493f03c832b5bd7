"""Deadline extensions (延期): the county office asks for a later deadline with a reason; the county's
reviewer or a supervising guidance group approves or refuses it. Only an approval moves the item's
deadline, through the item's history like every other change, so the light always follows the approved
deadline and a county cannot turn its own red light green.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import permissions
from ..models import DeadlineExtension, RectificationChange, RectificationItem
from ..permissions import ActionRefused
from .rectification_items import _apply_changes

Status = DeadlineExtension.Status


def _record_request(*, item, actor, extension, reason) -> RectificationChange:
    """A history row for a request or a refusal, which leave the deadline as it is."""
    return RectificationChange.objects.create(
        item=item,
        field="deadline",
        old_value=item.deadline.isoformat() if item.deadline else "",
        new_value=f"申请延至{extension.requested_deadline:%Y-%m-%d}（{extension.get_status_display()}）",
        reason=reason,
        actor=actor,
    )


def deadline_extension_request(
    *, item: RectificationItem, actor: AbstractBaseUser, requested_deadline: datetime.date, reason: str
) -> DeadlineExtension:
    """The county office asks to move the item's deadline to `requested_deadline`, saying why. The request
    waits (待审批) and the item keeps its deadline; the request is recorded in the item's history."""
    if not (allowed := permissions.may_request_extension(user=actor, item=item)):
        raise ActionRefused(allowed.refusal)
    reason = reason.strip()
    if not reason:
        raise ActionRefused("请写明延期理由。")
    if item.deadline is not None and requested_deadline <= item.deadline:
        raise ActionRefused(f"申请的时限须晚于现在的整改时限（{item.deadline:%Y-%m-%d}）。")
    try:
        with transaction.atomic():
            extension = DeadlineExtension.objects.create(
                item=item,
                previous_deadline=item.deadline,
                requested_deadline=requested_deadline,
                reason=reason,
                requested_by=actor,
            )
            _record_request(item=item, actor=actor, extension=extension, reason=reason)
    except IntegrityError:  # a concurrent request won the one open slot (one_open_extension_per_item)
        raise ActionRefused("该问题已有待审批的延期申请，请等待审批结果。") from None
    return extension


def deadline_extension_decide(
    *, extension: DeadlineExtension, actor: AbstractBaseUser, status: str, note: str = ""
) -> DeadlineExtension:
    """Approve (the item's deadline becomes the requested one) or refuse (it stays) an open request.

    Checks the step (DeadlineExtension.TRANSITIONS) and the decider (permissions.may_decide_extension); a
    refusal needs a note. The decision is kept on the request and in the item's history.
    """
    status = Status(status)
    if not extension.can_transition_to(status):
        raise ActionRefused(f"该延期申请{extension.get_status_display()}，不能再审批。")
    if not (allowed := permissions.may_decide_extension(user=actor, extension=extension)):
        raise ActionRefused(allowed.refusal)
    note = note.strip()
    if status == Status.REFUSED and not note:
        raise ActionRefused("驳回延期申请时请写明理由。")
    with transaction.atomic():
        # Conditional update: of two decisions racing, only the first finds the request open.
        decided = DeadlineExtension.objects.filter(pk=extension.pk, status=Status.REQUESTED).update(
            status=status, decided_by=actor, decided_at=timezone.now(), decision_note=note
        )
        if not decided:
            raise ActionRefused("该延期申请已审批。")
        extension.refresh_from_db()
        item = RectificationItem.objects.select_for_update().get(pk=extension.item_id)
        verdict = f"{status.label}延期申请" + (f"：{note}" if note else "")
        if status == Status.APPROVED:
            _apply_changes(item=item, actor=actor, changes={"deadline": extension.requested_deadline}, reason=verdict)
        else:
            _record_request(item=item, actor=actor, extension=extension, reason=verdict)
    return extension
