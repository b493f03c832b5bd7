"""The web import of a workbook (tracker.LedgerImport): stored, read into a preview, corrected by the
user if needed, confirmed, then written. Each step is a service; the Celery tasks only call them."""

from collections.abc import Callable, Mapping
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from tracker.audit.services import Kind as AuditKind
from tracker.audit.services import Outcome, audit_record
from tracker.models import Area, LedgerImport, LedgerImportEvent
from tracker.permissions import ActionRefused
from tracker.uploads import keep_original
from tracker.workbooks import SCHEMAS
from tracker.workflow import status_change

from ..dispatch import LEDGER_IMPORT_APPLY, LEDGER_IMPORT_PREVIEW, send_task
from .headers import MARK_PREFIX
from .importing import import_workbook, ledger_layout_remember
from .reading import Correction
from .sheets import UnreadableLedger


def ledger_import_set_status(
    *, ledger_import: LedgerImport, status: str, actor: AbstractBaseUser | None = None, reason: str = ""
) -> None:
    """The one way an import's status changes: checks the step and records it (LedgerImportEvent); a
    failure keeps its reason on the import, and the end (done or failed) its time."""
    reading = ledger_import.status in (LedgerImport.Status.QUEUED, LedgerImport.Status.PARSING)
    fields: dict = {}
    if status == LedgerImport.Status.FAILED:
        fields["failure_reason"] = reason
    if status in (LedgerImport.Status.DONE, LedgerImport.Status.FAILED):
        fields["finished_at"] = timezone.now()
    status_change(
        record=ledger_import,
        status=status,
        fields=fields,
        history=lambda before: [
            LedgerImportEvent(
                ledger_import=ledger_import, old_status=before["status"], new_status=status, actor=actor, reason=reason
            )
        ],
    )
    if (status == LedgerImport.Status.PREVIEW and reading) or status == LedgerImport.Status.FAILED:
        # The reading's result; a failed write is the import's (its success is import_write's event).
        kind = AuditKind.PARSE if reading else AuditKind.IMPORT
        outcome = Outcome.SUCCESS if status == LedgerImport.Status.PREVIEW else Outcome.FAILURE
        audit_record(kind=kind, outcome=outcome, obj=ledger_import, user=actor, detail={"reason": reason})


def _queue_preview(ledger_import: LedgerImport) -> None:
    transaction.on_commit(lambda: send_task(LEDGER_IMPORT_PREVIEW, ledger_import.pk))


def ledger_import_create(
    *, county: Area, kind: str, uploaded_file: UploadedFile, user: AbstractBaseUser
) -> LedgerImport:
    """Store the uploaded workbook (kept as the original) and queue its preview once the transaction commits."""
    with transaction.atomic():
        ledger_import = LedgerImport(county=county, kind=kind, uploaded_by=user)
        keep_original(ledger_import, uploaded_file)
        ledger_import.save()
        LedgerImportEvent.objects.create(
            ledger_import=ledger_import, new_status=ledger_import.status, actor=user, reason="上传"
        )
        audit_record(kind=AuditKind.UPLOAD, obj=ledger_import, user=user, detail={"book": ledger_import.get_kind_display()})
        _queue_preview(ledger_import)
    return ledger_import


def _progress_recorder(ledger_import: LedgerImport) -> Callable[[int, int | None], None]:
    # A plain UPDATE outside any transaction, so the status endpoint sees it while the task runs.
    def record(done: int, total: int | None) -> None:
        LedgerImport.objects.filter(pk=ledger_import.pk).update(rows_done=done, rows_total=total)

    return record


def _correction(ledger_import: LedgerImport) -> Correction:
    return Correction(
        header_row=ledger_import.header_row,
        mapping={int(index): field for index, field in ledger_import.column_mapping.items()},
    )


def _run(ledger_import: LedgerImport, *, dry_run: bool):
    return import_workbook(
        county=ledger_import.county,
        kind=ledger_import.kind,
        path=Path(ledger_import.file.path),
        name=ledger_import.original_name,
        actor=ledger_import.confirmed_by,
        dry_run=dry_run,
        reason=f"Excel导入：{ledger_import.original_name}",
        correction=_correction(ledger_import),
        progress=_progress_recorder(ledger_import),
    )


def _plan_or_fail(ledger_import: LedgerImport, *, dry_run: bool):
    """Read the stored workbook and record the plan's summary on the import; an unreadable workbook
    fails the import with the reader's message and gives None."""
    try:
        plan = _run(ledger_import, dry_run=dry_run)
    except UnreadableLedger as exc:
        ledger_import_set_status(ledger_import=ledger_import, status=LedgerImport.Status.FAILED, reason=str(exc))
        return None
    ledger_import.summary = plan.summary()
    ledger_import.save(update_fields=["summary"])
    return plan


def ledger_import_preview(*, import_id: int) -> LedgerImport:
    """Read the stored workbook and record what importing it would do; writes no records."""
    with transaction.atomic():  # a duplicate message of the same preview finds it taken and does nothing
        ledger_import = LedgerImport.objects.select_for_update(of=("self",)).select_related("county").get(pk=import_id)
        if ledger_import.status != LedgerImport.Status.QUEUED:
            return ledger_import
        ledger_import_set_status(ledger_import=ledger_import, status=LedgerImport.Status.PARSING)
    if _plan_or_fail(ledger_import, dry_run=True) is None:
        return ledger_import
    ledger_import_set_status(ledger_import=ledger_import, status=LedgerImport.Status.PREVIEW)
    return ledger_import


def mapping_choices(kind: str) -> list[tuple[str, str]]:
    """What a column can be mapped to in the preview: nothing, a field of the book, or (ledger only) a
    per-status tick column."""
    choices = [("", "不导入")] + [(c.field, c.label) for c in SCHEMAS[kind].columns]
    if kind == LedgerImport.Kind.RECTIFICATION:
        choices += [
            (f"{MARK_PREFIX}closed", "整改状态（打“√”为已完成）"),
            (f"{MARK_PREFIX}in_progress", "整改状态（打“√”为整改中）"),
            (f"{MARK_PREFIX}open", "整改状态（打“√”为未启动）"),
        ]
    return choices


def ledger_import_correct(
    *, ledger_import: LedgerImport, user: AbstractBaseUser, header_row: int | None, mapping: Mapping[int, str]
) -> LedgerImport:
    """The user changed the header row or which column fills which field: read the file again with that.
    A new header row is read with the columns found there, since the old columns no longer apply."""
    if header_row != ledger_import.summary.get("header_row"):
        mapping = {}
    allowed = {value for value, _ in mapping_choices(ledger_import.kind)}
    unknown = set(mapping.values()) - allowed
    if unknown:
        raise ActionRefused("列对应的字段无效，请从列表中选择。")
    if header_row is not None and header_row < 1:
        raise ActionRefused("表头行应为正整数。")
    with transaction.atomic():
        ledger_import_set_status(
            ledger_import=ledger_import, status=LedgerImport.Status.QUEUED, actor=user, reason="修改表头对应后重新预览"
        )
        ledger_import.header_row = header_row
        ledger_import.column_mapping = {str(index): field for index, field in mapping.items()}
        ledger_import.save(update_fields=["header_row", "column_mapping"])
        _queue_preview(ledger_import)
    return ledger_import


def ledger_import_confirm(*, ledger_import: LedgerImport, user: AbstractBaseUser) -> LedgerImport:
    """The user accepts the preview: queue the import itself."""
    if ledger_import.errors:
        raise ActionRefused("表中有错误的行，请修改后重新上传；有错误时不会导入任何一行。")
    with transaction.atomic():
        ledger_import_set_status(
            ledger_import=ledger_import, status=LedgerImport.Status.IMPORTING, actor=user, reason="确认导入"
        )
        ledger_import.confirmed_by = user
        ledger_import.rows_done = 0
        ledger_import.save(update_fields=["confirmed_by", "rows_done"])
        transaction.on_commit(lambda: send_task(LEDGER_IMPORT_APPLY, ledger_import.pk))
    return ledger_import


def ledger_import_apply(*, import_id: int) -> LedgerImport:
    """Import a confirmed workbook: read it again, re-plan against the records as they are now and write
    everything or nothing; the confirmed layout is remembered for the county. Rows that became errors
    since the preview send it back to the preview."""
    ledger_import = LedgerImport.objects.select_related("county", "confirmed_by").get(pk=import_id)
    if ledger_import.status != LedgerImport.Status.IMPORTING:
        return ledger_import
    plan = _plan_or_fail(ledger_import, dry_run=False)
    if plan is None:
        return ledger_import
    if plan.errors:
        ledger_import_set_status(
            ledger_import=ledger_import, status=LedgerImport.Status.PREVIEW, reason="确认后表中出现错误的行"
        )
        return ledger_import
    ledger_layout_remember(county=ledger_import.county, book=ledger_import.kind, parsed=plan.parsed)
    ledger_import_set_status(ledger_import=ledger_import, status=LedgerImport.Status.DONE)
    return ledger_import


def ledger_import_mark_failed(*, import_id: int, reason: str) -> None:
    """Called when the task itself gives up, so the page shows why instead of spinning forever."""
    with transaction.atomic():
        ledger_import = LedgerImport.objects.select_for_update().get(pk=import_id)
        if ledger_import.can_transition_to(LedgerImport.Status.FAILED):
            ledger_import_set_status(ledger_import=ledger_import, status=LedgerImport.Status.FAILED, reason=reason)
