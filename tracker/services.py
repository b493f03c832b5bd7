"""Writes for the tracker: the rectification ledger (workflow, edits, history, evidence), study sessions,
research topics and the guidance groups' notes to counties. Excel imports are ingestion
(reports.ledger), which writes through the history helper here.

Every change to a rectification item goes through here and leaves one history row per changed field.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from . import permissions, selectors
from .audit.services import Kind as AuditKind
from .audit.services import audit_record
from .models import (
    Area,
    Evidence,
    GuidanceNote,
    RectificationChange,
    RectificationItem,
    ResearchTopic,
    StudySession,
    WorkingGroup,
)
from .uploads import keep_original


Status = RectificationItem.Status

# Fields an office edits directly; status, closed date and closure note change only through the workflow.
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


class ActionRefused(ValueError):
    """The user may not do this now; the message says why, in Chinese."""


# ---- rectification items -------------------------------------------------------------------------


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
        transaction.on_commit(selectors.figures_changed)
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
        transaction.on_commit(selectors.figures_changed)
    return item


def rectification_item_update(
    *, item: RectificationItem, actor: AbstractBaseUser, data: Mapping[str, Any], reason: str = ""
) -> list[RectificationChange]:
    """Edit the item's own fields (not its status). Returns the history rows written, one per changed field.

    Closed items (已销号) cannot be edited: a closure must not be undone by quietly rewriting the problem.
    """
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
    """Move the item along 未整改 → 整改中 → 已整改待审核 → 已销号, or send it back from review to 整改中.

    Checks, in order: the transition is allowed (RectificationItem.TRANSITIONS); the actor may take it
    (permissions.may_transition, the rule the item page draws its buttons by). Submitting needs a closure
    note (what was done), sending back a reason. Closing sets the closed date. Writes one history row per
    changed field, all with `reason`.
    """
    status = Status(status)
    if not item.can_transition_to(status):
        raise ActionRefused(f"整改状态不能从“{item.get_status_display()}”变为“{status.label}”。")
    deciding = item.status == Status.PENDING_REVIEW
    if not (allowed := permissions.may_transition(user=actor, item=item, status=status)):
        raise ActionRefused(allowed.refusal)
    changes: dict[str, Any] = {"status": status}
    if status == Status.PENDING_REVIEW:
        if not closure_note.strip():
            raise ActionRefused("提交审核前请填写整改完成情况（销号说明）。")
        changes["closure_note"] = closure_note.strip()
    elif status == Status.CLOSED:
        changes["closed_date"] = today or timezone.localdate()
    elif deciding and not reason.strip():
        raise ActionRefused("退回重新整改时请写明原因。")
    with transaction.atomic():
        rows = _apply_changes(item=item, actor=actor, changes=changes, reason=reason.strip())
        if status == Status.PENDING_REVIEW:
            item.submitted_by = actor
            item.save(update_fields=["submitted_by"])
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


# ---- guidance notes and corrections ----------------------------------------------------------------


def guidance_note_create(
    *,
    county: Area,
    group: WorkingGroup,
    author: AbstractBaseUser,
    kind: str,
    text: str,
    item: RectificationItem | None = None,
    open_item: bool = False,
) -> GuidanceNote:
    """A note (督导意见) or correction (纠偏) from `group` to `county`, written by `author`.

    The author must guide the county for that group (selectors.guidance_groups_for). `item` links an
    existing item of the county's ledger; `open_item` instead enters the correction into the ledger as a
    new open item (source 指导组反馈) through rectification_item_create, and links that.
    """
    if not selectors.guidance_groups_for(author, county).filter(pk=group.pk).exists():
        raise ActionRefused("您不能以该工作组的名义向本县提出督导意见。")
    if item is not None and item.county_id != county.pk:
        raise ValueError("所选整改事项不属于本县。")
    if open_item and (kind != GuidanceNote.Kind.CORRECTION or item is not None):
        raise ValueError("只有未关联整改事项的纠偏意见可以列入整改台账。")
    with transaction.atomic():
        if open_item:
            item = rectification_item_create(
                county=county,
                actor=author,
                data={"description": text, "source": RectificationItem.Source.GUIDANCE},
                reason=f"{group.name}纠偏意见",
            )
        return GuidanceNote.objects.create(county=county, group=group, author=author, kind=kind, text=text, item=item)


def guidance_note_reply(
    *, note: GuidanceNote, actor: AbstractBaseUser, response: str, now: datetime.datetime | None = None
) -> GuidanceNote:
    """The county office's answer to a note. A note is answered once; the answer is kept with who gave
    it and when, and a second answer (even a concurrent one) is refused."""
    if not selectors.may(actor, note.county_id, selectors.EDIT):
        raise ActionRefused("只有本县主题教育办可以回复督导意见。")
    response = response.strip()
    if not response:
        raise ActionRefused("请填写回复内容。")
    now = now or timezone.now()
    # Conditional update: of two replies racing, only the first finds the note unanswered.
    answered = GuidanceNote.objects.filter(pk=note.pk, responded_at__isnull=True).update(
        response=response, responded_by=actor, responded_at=now
    )
    if not answered:
        raise ActionRefused("该意见已回复。")
    note.response, note.responded_by, note.responded_at = response, actor, now
    return note


# ---- study sessions and research topics ------------------------------------------------------------


def county_record_save(
    *, county: Area, data: Mapping[str, Any], record: StudySession | ResearchTopic
) -> StudySession | ResearchTopic:
    """Save a new or edited study session or research topic of the county from validated form data."""
    record.county = county
    for name, value in data.items():
        setattr(record, name, value)
    record.save()
    return record
