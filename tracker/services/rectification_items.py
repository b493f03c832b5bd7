"""Writes to the rectification ledger: new items, edits, the workflow and proof files. Every change to
an item goes through here and leaves one history row per changed field; Excel imports
(reports.ledger) write their history rows with rectification_change_row."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from .. import permissions
from ..audit.services import Kind as AuditKind
from ..audit.services import audit_record
from ..models import Area, Evidence, RectificationChange, RectificationItem, ResearchTopic
from ..permissions import ActionRefused
from ..summary import summary_refresh
from ..uploads import keep_original
from ..workflow import TransitionRefused, status_change

Status = RectificationItem.Status

# Fields whose change moves the ledger's counts in the county's period summaries.
COUNTED_FIELDS = {"status", "closed_date", "deadline"}

# Fields an office sets on a new item; status, closed date and closure note change only through the
# workflow, the deadline of an existing item only through an approved extension (services.deadline_extensions).
EDITABLE_FIELDS = (
    "ledger_number",
    "description",
    "source",
    "level",
    "responsible_unit",
    "responsible_person",
    "measures",
    "deadline",
    "research_topic",
)


def _display(name: str, value: Any, titles: Mapping[int, str] | None = None) -> str:
    """A field value as users read it in the history: labels for choices, titles for topics."""
    if value is None or value == "":
        return ""
    model_field = RectificationItem._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        if titles is None:
            titles = dict(ResearchTopic.objects.filter(pk=value).values_list("pk", "title"))
        return titles.get(value, "")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def rectification_change_row(item, actor, name, old, new, reason, titles=None) -> RectificationChange:
    """One history row; `name` is a field name or attname (research_topic_id), `old`/`new` raw values."""
    return RectificationChange(
        item=item,
        field=RectificationItem._meta.get_field(name).name,
        old_value=_display(name, old, titles),
        new_value=_display(name, new, titles),
        reason=reason,
        actor=actor,
    )


def _apply_changes(
    *, item: RectificationItem, actor: AbstractBaseUser | None, changes: Mapping[str, Any], reason: str
) -> list[RectificationChange]:
    """Set the fields that really change, save only those and record one history row for each."""
    rows, fields = [], []
    for name, new in changes.items():
        attname = RectificationItem._meta.get_field(name).attname
        new_raw = new.pk if isinstance(new, ResearchTopic) else new
        old_raw = getattr(item, attname)
        if old_raw == new_raw:
            continue
        rows.append(rectification_change_row(item, actor, name, old_raw, new_raw, reason))
        setattr(item, attname, new_raw)
        fields.append(attname)
    if fields:
        item.save(update_fields=fields)
        RectificationChange.objects.bulk_create(rows)
        audit_record(kind=AuditKind.ITEM_CHANGE, obj=item, user=actor, detail=_item_change_detail(rows, reason))
        if COUNTED_FIELDS.intersection(fields):
            summary_refresh(county=item.county)
    return rows


def _item_change_detail(rows: list[RectificationChange], reason: str) -> dict[str, Any]:
    changes = {str(r.field_label): [r.old_value, r.new_value] for r in rows}
    return {"action": "changed", "changes": changes, "reason": reason}


def rectification_item_create(
    *, county: Area, actor: AbstractBaseUser, data: Mapping[str, Any], reason: str = ""
) -> RectificationItem:
    """A new item of the county's ledger, open (未整改), with a “新建” history row."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"不能直接设置：{', '.join(sorted(unknown))}")
    with transaction.atomic():
        item = RectificationItem.objects.create(county=county, status=Status.OPEN, **data)
        RectificationChange.objects.create(
            item=item, field=RectificationChange.CREATED, new_value=str(item), reason=reason, actor=actor
        )
        audit_record(kind=AuditKind.ITEM_CHANGE, obj=item, user=actor, detail={"action": "created", "reason": reason})
        summary_refresh(county=county)
    return item


def rectification_item_update(
    *, item: RectificationItem, actor: AbstractBaseUser, data: Mapping[str, Any], reason: str = ""
) -> list[RectificationChange]:
    """Edit the item's own fields (not its status). Returns the history rows written, one per changed field.

    Closed items (已销号) and items awaiting review cannot be edited (permissions.may_edit_item). The deadline
    is set when the item is created and moves only by an approved extension (services.deadline_extensions).
    """
    if "deadline" in data and data["deadline"] != item.deadline:
        raise ActionRefused("整改时限不能直接修改：请提出延期申请，经本县审核人或巡回指导组批准后生效。")
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"不能直接修改：{', '.join(sorted(unknown))}（整改状态请通过办理流程变更）")
    if not (allowed := permissions.may_edit_item(user=actor, item=item)):
        raise ActionRefused(allowed.refusal)
    with transaction.atomic():
        return _apply_changes(item=item, actor=actor, changes=data, reason=reason)


def rectification_item_transition(
    *,
    item: RectificationItem,
    status: str,
    actor: AbstractBaseUser,
    reason: str = "",
    closure_note: str = "",
    today: datetime.date | None = None,
) -> list[RectificationChange]:
    """Move the item along 未整改 → 整改中 → 已整改待审核 → 已销号; from review back to 整改中 either the
    reviewer sends it back or the county office takes its submission back (撤回) to edit it.

    The workflow must have the step (RectificationItem.TRANSITIONS) and the actor may take it
    (permissions.may_transition, the rule the item page draws its buttons by). Submitting needs a closure note (what was
    done) and records who submitted; sending back needs a reason, a withdrawal (撤回) does not and its history
    reason starts with “撤回”; closing sets the closed date. Writes one history row per changed field, all
    with `reason` (tracker.workflow.status_change).
    """
    status = Status(status)
    if refusal := item.transition_refusal(status):
        raise TransitionRefused(refusal)
    withdrawing = permissions.is_withdrawal(user=actor, item=item, status=status)
    if not (allowed := permissions.may_transition(user=actor, item=item, status=status)):
        raise ActionRefused(allowed.refusal)
    reason = reason.strip()
    if withdrawing:
        reason = f"撤回：{reason}" if reason else "撤回"
    fields: dict[str, Any] = {}
    if status == Status.PENDING_REVIEW:
        if not closure_note.strip():
            raise ActionRefused("提交审核前请填写整改完成情况（销号说明）。")
        fields = {"closure_note": closure_note.strip(), "submitted_by": actor}
    elif status == Status.CLOSED:
        fields = {"closed_date": today or timezone.localdate()}
    elif item.status == Status.PENDING_REVIEW and not withdrawing and not reason:
        raise ActionRefused("退回重新整改时请写明原因。")

    def history(before: Mapping[str, Any]) -> list[RectificationChange]:
        # Who submitted is the actor of the status row; the ledger's history lists the item's own fields.
        return [
            rectification_change_row(item, actor, name, old, getattr(item, name), reason)
            for name, old in before.items()
            if name != "submitted_by" and old != getattr(item, name)
        ]

    with transaction.atomic():
        rows = status_change(record=item, status=status, fields=fields, history=history)
        audit_record(kind=AuditKind.ITEM_CHANGE, obj=item, user=actor, detail=_item_change_detail(rows, reason))
        summary_refresh(county=item.county)
    return rows


EVIDENCE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".txt")


def rectification_evidence_add(
    *, item: RectificationItem, actor: AbstractBaseUser, uploaded_file: UploadedFile
) -> Evidence:
    """Store a proof file for the item (kept as uploaded) and record it in the item's history."""
    if not (allowed := permissions.may_edit_item(user=actor, item=item)):
        raise ActionRefused(allowed.refusal)
    with transaction.atomic():
        evidence = Evidence(item=item, uploaded_by=actor)
        keep_original(evidence, uploaded_file)
        evidence.save()
        RectificationChange.objects.create(
            item=item, field=RectificationChange.EVIDENCE, new_value=evidence.original_name, actor=actor
        )
        audit_record(kind=AuditKind.UPLOAD, obj=evidence, county=item.county_id, user=actor, detail={"item": item.pk})
    return evidence
