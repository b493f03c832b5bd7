"""Importing a read workbook into a county's books: plan first (nothing written), then write all or
nothing. Rectification rows update the item they match (number and description) with one history row
per changed field; a status the ledger claims as closed becomes 已整改待审核, since closing (销号) stays
the reviewer's decision."""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from openpyxl.utils import get_column_letter

from reports.models import LedgerLayout, LedgerSynonym
from tracker.audit.services import Kind as AuditKind
from tracker.audit.services import audit_record
from tracker.figures_cache import figures_changed
from tracker.models import Area, LedgerImport, RectificationChange, RectificationItem, ResearchTopic, StudySession
from tracker.services.rectification_items import rectification_change_row
from tracker.summary import summary_refresh
from tracker.workbooks import SCHEMAS

from .headers import MARK_PREFIX
from .reading import Correction, Layout, ParsedWorkbook, read_workbook
from .rows import Row, RowError
from .vocabulary import CLOSED, Vocabulary, build_vocabulary, seed_words

Status = RectificationItem.Status
MODELS = {
    LedgerImport.Kind.RECTIFICATION: RectificationItem,
    LedgerImport.Kind.STUDY: StudySession,
    LedgerImport.Kind.RESEARCH: ResearchTopic,
}
BATCH_SIZE = 1000
MAX_LISTED = 200
# How far along the workflow a status is; an import moves an item forward only.
_PROGRESS = {Status.OPEN: 0, Status.IN_PROGRESS: 1, Status.PENDING_REVIEW: 2, Status.CLOSED: 3}
# Written on the item besides the model's own fields, without a history row of their own.
_FLAGS = ("needs_check", "original_text")


def ledger_vocabulary(*, book: str) -> Vocabulary:
    """The words the import knows for `book`: the schema's own and the administrator's table (the
    shipped words when the table is empty, e.g. before migrations ran)."""
    rows = list(LedgerSynonym.objects.values_list("kind", "book", "word", "meaning", "rank"))
    return build_vocabulary(SCHEMAS[book], rows or seed_words())


def ledger_layouts(*, county: Area, book: str) -> dict[str, Layout]:
    return {
        layout.signature: Layout(layout.header_row, {int(k): v for k, v in layout.column_mapping.items()})
        for layout in LedgerLayout.objects.filter(county=county, book=book)
    }


def ledger_layout_remember(*, county: Area, book: str, parsed: ParsedWorkbook) -> None:
    """Keep the layout the user confirmed, so next week's file with this header is read the same way."""
    LedgerLayout.objects.update_or_create(
        county=county,
        book=book,
        signature=parsed.header.signature,
        defaults={
            "header_row": parsed.header_row,
            "column_mapping": {str(c.index): c.field for c in parsed.header.columns},
        },
    )


@dataclass
class ImportPlan:
    """What an import would do: objects to create, objects to update with their changes, row errors and
    notices. Nothing is written while planning; `import_write` writes a plan without errors."""

    kind: str
    county: Area
    parsed: ParsedWorkbook | None = None
    to_create: list[Any] = field(default_factory=list)
    to_update: list[tuple[Any, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    flagged: list[Row] = field(default_factory=list)

    def summary(self, *, max_errors: int | None = MAX_LISTED) -> dict[str, Any]:
        errors = sorted(self.errors, key=lambda e: e.row)
        summary = {
            "create": len(self.to_create),
            "update": len(self.to_update),
            "unchanged": self.unchanged,
            "error_count": len(errors),
            "errors": [{"row": e.row, "message": e.message} for e in errors[:max_errors]],
            "notices": self.notices,
            "flagged_count": len(self.flagged),
            "flagged": [
                {
                    "row": r.number,
                    "number": r.values.get("ledger_number", ""),
                    "description": str(r.values.get("description", ""))[:60],
                    "unread": r.unread,
                }
                for r in self.flagged[:MAX_LISTED]
            ],
        }
        if self.parsed is not None:
            labels = {c.field: c.label for c in SCHEMAS[self.kind].columns}
            status_marks = dict(RectificationItem.Status.choices) | {CLOSED: "已完成"}
            summary.update(
                sheet=self.parsed.sheet,
                header_row=self.parsed.header_row,
                signature=self.parsed.header.signature,
                remembered=self.parsed.remembered,
                content_rows=self.parsed.content_rows,
                columns=[
                    {
                        "index": c.index,
                        "letter": get_column_letter(c.index + 1),
                        "name": c.name,
                        "field": c.field,
                        "label": (
                            f"{labels['status']}（打“√”为{status_marks[c.field.removeprefix(MARK_PREFIX)]}）"
                            if c.field.startswith(MARK_PREFIX)
                            else labels.get(c.field, "")
                        ),
                    }
                    for c in self.parsed.header.columns
                ],
            )
        return summary


def _attname(model, name: str) -> str:
    return model._meta.get_field(name).attname


def _match_items(county: Area, rows: list[Row]) -> dict[int, RectificationItem]:
    """{row number: existing item} for rows naming an item of the county: the same number and description
    first, then the same description (renumbered), then the same number (description reworded)."""
    items = list(RectificationItem.objects.filter(county=county))
    by_pair = {(i.ledger_number, i.description): i for i in items}
    by_description: dict[str, list[RectificationItem]] = {}
    for item in items:
        by_description.setdefault(item.description, []).append(item)
    by_number = {i.ledger_number: i for i in items if i.ledger_number}
    matched: dict[int, RectificationItem] = {}
    taken: set[int] = set()
    passes = (
        lambda v: by_pair.get((v.get("ledger_number", ""), v["description"])),
        lambda v: next((i for i in by_description.get(v["description"], ()) if i.pk not in taken), None),
        lambda v: by_number.get(v.get("ledger_number", "")),
    )
    for find in passes:
        for row in rows:
            if row.number in matched:
                continue
            item = find(row.values)
            if item is not None and item.pk not in taken:
                matched[row.number] = item
                taken.add(item.pk)
    return matched


def _plan_rectification(plan: ImportPlan, rows: list[Row]) -> None:
    county = plan.county
    topics = dict(ResearchTopic.objects.filter(county=county).values_list("title", "pk"))
    matched = _match_items(county, rows)
    capped = kept_status = kept_deadline = 0
    for row in rows:
        values = dict(row.values)
        if "research_topic" in values:
            title = values.pop("research_topic")
            values["research_topic_id"] = topics.get(title)
            if title and title not in topics:
                row.unread["来源调研课题"] = title
                row.needs_check = True
        status = values.pop("status", "")
        status = Status.PENDING_REVIEW if status == CLOSED else status
        values["needs_check"], values["original_text"] = row.needs_check, dict(row.unread)
        if row.needs_check:
            plan.flagged.append(row)
        item = matched.get(row.number)
        if item is None:
            capped += status == Status.PENDING_REVIEW
            plan.to_create.append(RectificationItem(county=county, status=status or Status.OPEN, **values))
            continue
        changes = {name: value for name, value in values.items() if getattr(item, name) != value}
        if values.get("deadline") is not None and "deadline" not in changes:
            changes.pop("deadline_text", None)  # the same date, written another way (or entered by hand)
        if "deadline" in changes:
            # An existing item's deadline moves only by an approved extension (services.deadline_extensions); an
            # empty cell leaves it as it is without a word.
            kept_deadline += changes.pop("deadline") is not None
            changes.pop("deadline_text", None)
        if status and status != item.status:
            if item.status != Status.CLOSED and _PROGRESS[status] > _PROGRESS[Status(item.status)]:
                changes["status"] = status
                capped += status == Status.PENDING_REVIEW
            else:
                kept_status += 1
        if not changes:
            plan.unchanged += 1
        elif item.status == Status.CLOSED:
            plan.errors.append(RowError(row.number, f"编号“{item.ledger_number}”的问题已销号，不能通过导入修改"))
        elif item.status == Status.PENDING_REVIEW:
            plan.errors.append(
                RowError(row.number, f"编号“{item.ledger_number}”的问题已提交审核，不能通过导入修改，请先在问题页面撤回")
            )
        else:
            plan.to_update.append((item, changes))
    if capped:
        plan.notices.append(f"{capped}个问题在表中标为已完成，导入后为“已整改待审核”，须由审核人在系统中销号。")
    if kept_status:
        plan.notices.append(f"{kept_status}个已有问题的整改状态与表中不同，导入不改变状态，请在问题页面办理。")
    if kept_deadline:
        plan.notices.append(
            f"{kept_deadline}个已有问题的整改时限与表中不同，导入不改变时限；如需延期，请在问题页面提出延期申请。"
        )


def _plan_records(plan: ImportPlan, rows: list[Row]) -> None:
    """Study sessions and research topics: matched on their schema key."""
    schema, model = SCHEMAS[plan.kind], MODELS[plan.kind]
    key = [_attname(model, name) for name in schema.key]
    existing = {tuple(getattr(o, k) for k in key): o for o in model.objects.filter(county=plan.county)}
    seen: dict[tuple, int] = {}
    for row in rows:
        values = {_attname(model, name): value for name, value in row.values.items()}
        identity = tuple(values.get(k) for k in key)
        if identity in seen:
            labels = "、".join(schema.column(n).label for n in schema.key)
            plan.errors.append(RowError(row.number, f"与第{seen[identity]}行重复（{labels}相同）"))
            continue
        seen[identity] = row.number
        missing = [c.label for c in schema.columns if c.required and values.get(_attname(model, c.field)) in ("", None)]
        if missing:
            plan.errors.extend(RowError(row.number, f"{label}为空") for label in missing)
            continue
        obj = existing.get(identity)
        if obj is None:
            plan.to_create.append(model(county=plan.county, **values))
            continue
        changes = {name: value for name, value in values.items() if getattr(obj, name) != value}
        if changes:
            plan.to_update.append((obj, changes))
        else:
            plan.unchanged += 1


def import_plan(*, county: Area, kind: str, parsed: ParsedWorkbook) -> ImportPlan:
    """Match the read rows to the county's records (one query for all of them); writes nothing."""
    plan = ImportPlan(kind=kind, county=county, parsed=parsed, errors=list(parsed.errors), notices=list(parsed.notices))
    if parsed.remembered:
        plan.notices.insert(0, "已按本县上次确认的表头对应关系读取。")
    if kind == LedgerImport.Kind.RECTIFICATION:
        _plan_rectification(plan, list(parsed.rows))
    else:
        _plan_records(plan, list(parsed.rows))
    return plan


def _free_renumbered(plan: ImportPlan) -> None:
    """Items whose number changes (a ledger renumbered after an insertion) first take a placeholder
    number, so that no two items of the county hold one number at any moment of the update."""
    renumbered = [obj for obj, changes in plan.to_update if "ledger_number" in changes]
    if renumbered:
        placeholders = [RectificationItem(pk=obj.pk, ledger_number=f"#{obj.pk}") for obj in renumbered]
        RectificationItem.objects.bulk_update(placeholders, ["ledger_number"], batch_size=BATCH_SIZE)


def _import_counts(plan: ImportPlan, reason: str) -> dict[str, Any]:
    counts = {"create": len(plan.to_create), "update": len(plan.to_update), "unchanged": plan.unchanged}
    return {"book": LedgerImport.Kind(plan.kind).label, **counts, "rows": sum(counts.values()), "reason": reason}


def import_write(*, plan: ImportPlan, actor: AbstractBaseUser | None, reason: str) -> None:
    """Write a plan that has no errors, all or nothing, in batches. Rectification items get their
    history: a “新建” row per new item and a row per changed field; items moved to 已整改待审核 count the
    importing user as their submitter."""
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
            if changes.get("status") == Status.PENDING_REVIEW:
                changes["submitted_by"] = actor
            # The deadline's text is its own history row only when the date did not change with it.
            quiet = {*_FLAGS, "submitted_by"} | ({"deadline_text"} if "deadline" in changes else set())
            history.extend(
                rectification_change_row(obj, actor, name, getattr(obj, name), value, reason, titles)
                for name, value in changes.items()
                if name not in quiet
            )
    for obj, changes in plan.to_update:
        for name, value in changes.items():
            setattr(obj, name, value)
    with transaction.atomic():
        if rectification:
            _free_renumbered(plan)
        if plan.to_update:
            fields = sorted({_attname(model, name) for _, changes in plan.to_update for name in changes})
            model.objects.bulk_update([obj for obj, _ in plan.to_update], fields, batch_size=BATCH_SIZE)
        created = model.objects.bulk_create(plan.to_create, batch_size=BATCH_SIZE)
        # One event for the whole import: the bulk writes send no per-row signals, and need none.
        audit_record(kind=AuditKind.IMPORT, county=plan.county, user=actor, detail=_import_counts(plan, reason))
        if rectification:
            history.extend(
                RectificationChange(
                    item=obj, field=RectificationChange.CREATED, new_value=str(obj), reason=reason, actor=actor
                )
                for obj in created
            )
            RectificationChange.objects.bulk_create(history, batch_size=BATCH_SIZE)
            summary_refresh(county=plan.county)
            transaction.on_commit(figures_changed)


def import_workbook(
    *,
    county: Area,
    kind: str,
    path: Path,
    name: str = "",
    actor: AbstractBaseUser | None = None,
    dry_run: bool = False,
    reason: str = "",
    correction: Correction | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportPlan:
    """Read a workbook (with the county's remembered layouts and the user's corrections), plan the
    import and, unless dry_run or any row has an error, write it. Raises UnreadableLedger when the file
    cannot be read at all."""
    parsed = read_workbook(
        path,
        SCHEMAS[kind],
        ledger_vocabulary(book=kind),
        name=name or path.name,
        layouts=ledger_layouts(county=county, book=kind),
        correction=correction,
        progress=progress,
    )
    plan = import_plan(county=county, kind=kind, parsed=parsed)
    if not dry_run and not plan.errors:
        import_write(plan=plan, actor=actor, reason=reason or f"Excel导入：{name or path.name}")
    return plan
