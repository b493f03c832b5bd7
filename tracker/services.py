"""Writes for the tracker: the rectification ledger (workflow, edits, history, evidence), study sessions,
research topics, Excel imports of all three, and the guidance groups' notes to counties.

Every change to a rectification item goes through here and leaves one history row per changed field.
"""

import datetime
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from reports import ledger

from . import permissions, selectors
from .models import (
    Area,
    Evidence,
    GuidanceNote,
    LedgerImport,
    RectificationChange,
    RectificationItem,
    ResearchTopic,
    StudySession,
    WorkingGroup,
)

logger = logging.getLogger(__name__)

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
BATCH_SIZE = 1000
MAX_LISTED_ERRORS = 200


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


def _change_row(item, actor, name, old, new, reason, titles=None) -> RectificationChange:
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
        rows.append(_change_row(item, actor, name, old_raw, new_raw, reason))
        setattr(item, attname, new_raw)
        fields.append(attname)
    if fields:
        item.save(update_fields=fields)
        RectificationChange.objects.bulk_create(rows)
        transaction.on_commit(selectors.figures_changed)
    return rows


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
        evidence = Evidence(
            item=item,
            original_name=uploaded_file.name[:255],
            sha256=LedgerImport.sha256_of(uploaded_file),
            size=uploaded_file.size,
            uploaded_by=actor,
        )
        evidence.file.save(evidence.sha256, uploaded_file, save=False)
        evidence.save()
        RectificationChange.objects.create(
            item=item, field=RectificationChange.EVIDENCE, new_value=evidence.original_name, actor=actor
        )
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


# ---- Excel imports ---------------------------------------------------------------------------------

SCHEMAS = {
    LedgerImport.Kind.RECTIFICATION: ledger.RECTIFICATION,
    LedgerImport.Kind.STUDY: ledger.STUDY,
    LedgerImport.Kind.RESEARCH: ledger.RESEARCH,
}
MODELS = {
    LedgerImport.Kind.RECTIFICATION: RectificationItem,
    LedgerImport.Kind.STUDY: StudySession,
    LedgerImport.Kind.RESEARCH: ResearchTopic,
}


@dataclass
class ImportPlan:
    """What an import would do: objects to create, objects to update with their changes, and row errors.

    Nothing is written while planning; `import_write` writes a plan without errors.
    """

    kind: str
    county: Area
    to_create: list[Any] = field(default_factory=list)
    to_update: list[tuple[Any, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[ledger.RowError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def summary(self, *, max_errors: int | None = MAX_LISTED_ERRORS) -> dict[str, Any]:
        errors = sorted(self.errors, key=lambda e: e.row)
        return {
            "create": len(self.to_create),
            "update": len(self.to_update),
            "unchanged": self.unchanged,
            "error_count": len(errors),
            "errors": [{"row": e.row, "message": e.message} for e in errors[:max_errors]],
            "notices": self.notices,
        }


def _attname(model, name: str) -> str:
    return model._meta.get_field(name).attname


def import_plan(*, county: Area, kind: str, parsed: ledger.ParsedWorkbook) -> ImportPlan:
    """Match parsed rows to the county's records on the schema key (one query for all of them).

    Rectification rows follow the ledger workflow: a new row's status is at most 已整改待审核 (closing
    needs a reviewer), an existing item's status is never changed by an import, a closed item cannot be
    rewritten, and a topic named in a row must exist in the county.
    """
    schema, model = SCHEMAS[kind], MODELS[kind]
    plan = ImportPlan(kind=kind, county=county, errors=list(parsed.errors))
    key = [_attname(model, name) for name in schema.key]
    existing = {tuple(getattr(o, k) for k in key): o for o in model.objects.filter(county=county)}
    rectification = kind == LedgerImport.Kind.RECTIFICATION
    topics = {}
    if rectification and "research_topic" in parsed.fields:
        topics = dict(ResearchTopic.objects.filter(county=county).values_list("title", "pk"))
    capped = kept_status = 0
    for row in parsed.rows:
        values = {_attname(model, name): value for name, value in row.values.items()}
        if "research_topic_id" in values:
            title = values["research_topic_id"]
            if title and title not in topics:
                plan.errors.append(ledger.RowError(row.number, f"来源调研课题“{title}”在本县不存在，请先录入该课题"))
                continue
            values["research_topic_id"] = topics.get(title)
        obj = existing.get(tuple(values[k] for k in key))
        if obj is None:
            if rectification:
                values["status"] = values.get("status") or Status.OPEN
                if values["status"] == Status.CLOSED:
                    values["status"] = Status.PENDING_REVIEW
                    capped += 1
            plan.to_create.append(model(county=county, **values))
            continue
        if rectification:
            status = values.pop("status", "")
            kept_status += bool(status) and status != obj.status
        changes = {name: value for name, value in values.items() if getattr(obj, name) != value}
        if not changes:
            plan.unchanged += 1
        elif rectification and obj.status == Status.CLOSED:
            plan.errors.append(ledger.RowError(row.number, f"编号“{obj.ledger_number}”的问题已销号，不能通过导入修改"))
        else:
            plan.to_update.append((obj, changes))
    if capped:
        plan.notices.append(f"{capped}个新问题在表中标为“已销号”，导入后为“已整改待审核”，须由审核人在系统中销号。")
    if kept_status:
        plan.notices.append(f"{kept_status}个已有问题的整改状态与表中不同，导入不改变状态，请在问题页面办理。")
    return plan


def import_write(*, plan: ImportPlan, actor: AbstractBaseUser | None, reason: str) -> None:
    """Write a plan that has no errors, all or nothing, in batches.

    Rectification items get their history: a “新建” row per new item and a row per changed field; new
    items already awaiting review count the importing user as their submitter.
    """
    if plan.errors:
        raise ValueError("导入计划有错误，不能写入")
    model = MODELS[plan.kind]
    rectification = plan.kind == LedgerImport.Kind.RECTIFICATION
    history = []
    if rectification:
        titles = dict(ResearchTopic.objects.filter(county=plan.county).values_list("pk", "title"))
        for obj in plan.to_create:
            if obj.status == Status.PENDING_REVIEW:
                obj.submitted_by = actor
        for obj, changes in plan.to_update:
            history.extend(
                _change_row(obj, actor, name, getattr(obj, name), value, reason, titles)
                for name, value in changes.items()
            )
    for obj, changes in plan.to_update:
        for name, value in changes.items():
            setattr(obj, name, value)
    with transaction.atomic():
        created = model.objects.bulk_create(plan.to_create, batch_size=BATCH_SIZE)
        if plan.to_update:
            fields = sorted({name for _, changes in plan.to_update for name in changes})
            model.objects.bulk_update([obj for obj, _ in plan.to_update], fields, batch_size=BATCH_SIZE)
        if rectification:
            history.extend(
                RectificationChange(
                    item=obj, field=RectificationChange.CREATED, new_value=str(obj), reason=reason, actor=actor
                )
                for obj in created
            )
            RectificationChange.objects.bulk_create(history, batch_size=BATCH_SIZE)
            transaction.on_commit(selectors.figures_changed)


def import_workbook(
    *,
    county: Area,
    kind: str,
    path: Path,
    actor: AbstractBaseUser | None = None,
    dry_run: bool = False,
    reason: str = "",
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportPlan:
    """Read a workbook, plan the import and, unless dry_run or any row has an error, write it.

    Raises ledger.UnreadableLedger when the file cannot be read at all.
    """
    parsed = ledger.read_workbook(path, SCHEMAS[kind], progress=progress)
    plan = import_plan(county=county, kind=kind, parsed=parsed)
    if not dry_run and not plan.errors:
        import_write(plan=plan, actor=actor, reason=reason or f"Excel导入：{path.name}")
    return plan


def ledger_import_set_status(*, ledger_import: LedgerImport, status: str, reason: str = "") -> None:
    """The one way an import's status changes; checks the transition."""
    if not ledger_import.can_transition_to(status):
        raise ValueError(
            f"导入状态不能从“{ledger_import.get_status_display()}”变为“{LedgerImport.Status(status).label}”"
        )
    ledger_import.status = status
    fields = ["status"]
    if status == LedgerImport.Status.FAILED:
        ledger_import.failure_reason = reason
        fields.append("failure_reason")
    if status in (LedgerImport.Status.DONE, LedgerImport.Status.FAILED):
        ledger_import.finished_at = timezone.now()
        fields.append("finished_at")
    ledger_import.save(update_fields=fields)


def ledger_import_create(
    *, county: Area, kind: str, uploaded_file: UploadedFile, user: AbstractBaseUser
) -> LedgerImport:
    """Store the uploaded workbook (kept as the original) and queue its preview once the transaction commits."""
    from .tasks import preview_ledger_import

    with transaction.atomic():
        ledger_import = LedgerImport(
            county=county,
            kind=kind,
            original_name=uploaded_file.name[:255],
            sha256=LedgerImport.sha256_of(uploaded_file),
            size=uploaded_file.size,
            uploaded_by=user,
        )
        ledger_import.file.save(ledger_import.sha256, uploaded_file, save=False)
        ledger_import.save()
        transaction.on_commit(lambda: preview_ledger_import.delay(ledger_import.pk))
    return ledger_import


def _progress_recorder(ledger_import: LedgerImport) -> Callable[[int, int | None], None]:
    # A plain UPDATE outside any transaction, so the status endpoint sees it while the task runs.
    def record(done: int, total: int | None) -> None:
        LedgerImport.objects.filter(pk=ledger_import.pk).update(rows_done=done, rows_total=total)

    return record


def ledger_import_preview(*, import_id: int) -> LedgerImport:
    """Read the stored workbook and record what importing it would do; writes no records."""
    ledger_import = LedgerImport.objects.select_related("county").get(pk=import_id)
    if ledger_import.status != LedgerImport.Status.QUEUED:
        return ledger_import
    ledger_import_set_status(ledger_import=ledger_import, status=LedgerImport.Status.PARSING)
    try:
        plan = import_workbook(
            county=ledger_import.county,
            kind=ledger_import.kind,
            path=Path(ledger_import.file.path),
            dry_run=True,
            progress=_progress_recorder(ledger_import),
        )
    except ledger.UnreadableLedger as exc:
        ledger_import_set_status(ledger_import=ledger_import, status=LedgerImport.Status.FAILED, reason=str(exc))
        return ledger_import
    ledger_import.summary = plan.summary()
    ledger_import.save(update_fields=["summary"])
    ledger_import_set_status(ledger_import=ledger_import, status=LedgerImport.Status.PREVIEW)
    return ledger_import


def ledger_import_confirm(*, ledger_import: LedgerImport, user: AbstractBaseUser) -> LedgerImport:
    """The user accepts the preview: queue the import itself."""
    from .tasks import apply_ledger_import

    if ledger_import.errors:
        raise ActionRefused("表中有错误的行，请修改后重新上传；有错误时不会导入任何一行。")
    with transaction.atomic():
        ledger_import_set_status(ledger_import=ledger_import, status=LedgerImport.Status.IMPORTING)
        ledger_import.confirmed_by = user
        ledger_import.rows_done = 0
        ledger_import.save(update_fields=["confirmed_by", "rows_done"])
        transaction.on_commit(lambda: apply_ledger_import.delay(ledger_import.pk))
    return ledger_import


def ledger_import_apply(*, import_id: int) -> LedgerImport:
    """Import a confirmed workbook: read it again, re-plan against the records as they are now and write
    everything or nothing. Rows that became errors since the preview send it back to the preview."""
    ledger_import = LedgerImport.objects.select_related("county", "confirmed_by").get(pk=import_id)
    if ledger_import.status != LedgerImport.Status.IMPORTING:
        return ledger_import
    try:
        plan = import_workbook(
            county=ledger_import.county,
            kind=ledger_import.kind,
            path=Path(ledger_import.file.path),
            actor=ledger_import.confirmed_by,
            reason=f"Excel导入：{ledger_import.original_name}",
            progress=_progress_recorder(ledger_import),
        )
    except ledger.UnreadableLedger as exc:
        ledger_import_set_status(ledger_import=ledger_import, status=LedgerImport.Status.FAILED, reason=str(exc))
        return ledger_import
    ledger_import.summary = plan.summary()
    ledger_import.save(update_fields=["summary"])
    done = LedgerImport.Status.PREVIEW if plan.errors else LedgerImport.Status.DONE
    ledger_import_set_status(ledger_import=ledger_import, status=done)
    return ledger_import


def ledger_import_mark_failed(*, import_id: int, reason: str) -> None:
    """Called when the task itself gives up, so the page shows why instead of spinning forever."""
    ledger_import = LedgerImport.objects.get(pk=import_id)
    if ledger_import.can_transition_to(LedgerImport.Status.FAILED):
        ledger_import_set_status(ledger_import=ledger_import, status=LedgerImport.Status.FAILED, reason=reason)
