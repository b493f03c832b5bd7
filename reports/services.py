"""Writes for reports: upload, ingestion, review and confirmation."""
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from tracker.models import Area, Figure, Indicator, ReportingPeriod
from tracker.audit.services import Kind as AuditKind
from tracker.audit.services import audit_record
from tracker.figures_cache import figures_changed
from tracker.summary import summary_refresh
from tracker.uploads import keep_original

from .extraction import extract_figures
from .learning import trigger_proposal
from .models import ExtractedFigure, Report, ReportEvent, TriggerSuggestion
from .permissions import may_confirm_report
from .parse_queue import new_run_id, report_claim, report_enqueue, report_heartbeat, report_still_claimed
from .readers import UnreadableDocument, read_document
from .selectors import indicator_catalog
from .workflow import report_set_status

TOO_MANY_FIGURES = (
    "该文件提取到{count}项数据，超过单份报告{limit}项的上限，可能不是一份进展报告（或多份合在一起）。"
    "原始文件已保存，请核对、拆分后重新上传。"
)


class DuplicateReport(Exception):
    """The same file (same SHA-256) was already uploaded for this county."""

    def __init__(self, existing):
        super().__init__("该文件已上传过")
        self.existing = existing


def report_create(
    *, county: Area, period: ReportingPeriod, uploaded_file: UploadedFile, user: AbstractBaseUser
) -> Report:
    """Store the original upload and queue it for parsing once the transaction commits; if the broker is
    down the report stays due and the queue sweep sends it later (reports.parse_queue).

    Raises DuplicateReport when this county already has the same file.
    """
    sha256 = Report.sha256_of(uploaded_file)
    existing = Report.objects.filter(county=county, sha256=sha256).first()
    if existing:
        raise DuplicateReport(existing)
    with transaction.atomic():
        report = Report(county=county, period=period, uploaded_by=user)
        keep_original(report, uploaded_file, sha256=sha256)
        report.save()
        ReportEvent.objects.create(report=report, new_status=report.status, actor=user, reason="上传")
        audit_record(kind=AuditKind.UPLOAD, obj=report, user=user, detail={"file": report.original_name})
        report_enqueue(report=report)
    return report


def report_ingest(*, report_id: int, run_id: str = "") -> Report:
    """Read the stored file, extract figures and leave the report waiting for review.

    The run first claims the report (only from 排队中/解析中, see reports.parse_queue) and writes only while
    it still owns it, so a late or duplicate run changes nothing. Everything is parsed before anything is
    written; re-running replaces the extracted figures, so it is idempotent. A file that cannot be read
    marks the report failed with the reader's message.
    """
    run_id = run_id or new_run_id()
    claim = report_claim(report_id=report_id, run_id=run_id)
    if claim is None:
        return Report.objects.get(pk=report_id)
    report, attempt = claim
    with report_heartbeat(report_id=report_id, run_id=run_id, attempt=attempt):
        try:
            document = read_document(
                report.file.path, timeout=settings.READER_TIMEOUT_SECONDS, memory_mb=settings.READER_MEMORY_MB
            )
        except UnreadableDocument as exc:
            with transaction.atomic():
                if report_still_claimed(report_id=report_id, run_id=run_id, attempt=attempt):
                    report_set_status(report=report, status=Report.Status.FAILED, reason=str(exc))
            return report
        figures = extract_figures(document.text, indicator_catalog())
    indicators = {i.code: i for i in Indicator.objects.all()}
    with transaction.atomic():
        if not report_still_claimed(report_id=report_id, run_id=run_id, attempt=attempt):
            return Report.objects.get(pk=report_id)
        if len(figures) > settings.REPORT_MAX_FIGURES:
            reason = TOO_MANY_FIGURES.format(count=len(figures), limit=settings.REPORT_MAX_FIGURES)
            report_set_status(report=report, status=Report.Status.FAILED, reason=reason)
            return report
        report.extracted_figures.all().delete()
        ExtractedFigure.objects.bulk_create(
            ExtractedFigure(
                report=report,
                indicator=indicators.get(f.indicator) if f.indicator else None,
                value=Decimal(str(f.value)),
                unit=f.unit,
                qualifier=f.qualifier,
                text=f.text[:200],
                start=f.start,
                end=f.end,
                section=f.section[:200],
                subject=f.subject[:64],
                context=f.context,
                rule=f.rule,
            )
            for f in figures
        )
        report.text = document.text
        report.format = document.format
        report.save(update_fields=["text", "format"])
        report_set_status(report=report, status=Report.Status.NEEDS_REVIEW, reason=f"提取数据{len(figures)}项")
    return report


_REVIEWED_FIELDS = ("indicator", "value", "unit", "qualifier", "subject", "decision")


def _figure_change(before: dict, figure: ExtractedFigure) -> dict:
    """The reviewed fields that changed, old and new, for the audit trail."""
    after = {name: figure.serializable_value(name) for name in _REVIEWED_FIELDS}
    changes = {
        str(ExtractedFigure._meta.get_field(name).verbose_name): [str(before[name] or ""), str(after[name] or "")]
        for name in _REVIEWED_FIELDS
        if str(before[name]) != str(after[name])
    }
    return {"action": "changed", "report": figure.report_id, "changes": changes}


def extracted_figure_update(
    *,
    figure: ExtractedFigure,
    indicator: Indicator | None,
    value: Decimal,
    unit: str,
    qualifier: str,
    subject: str,
    decision: str,
) -> ExtractedFigure:
    """A reviewer's correction of one extracted figure. Giving it an indicator the extractor did not
    give proposes the clause's phrase as a trigger of that indicator (see trigger_suggestion_record)."""
    with transaction.atomic():
        # Read from the database: a ModelForm bound to `figure` has already changed the instance.
        before = ExtractedFigure.objects.select_for_update().values(*_REVIEWED_FIELDS).get(pk=figure.pk)
        corrected = indicator is not None and indicator.pk != before["indicator"]
        figure.indicator = indicator
        figure.value = value
        figure.unit = unit
        figure.qualifier = qualifier
        figure.subject = subject
        figure.decision = decision
        figure.save(update_fields=list(_REVIEWED_FIELDS))
        audit_record(
            kind=AuditKind.FIGURE_CHANGE, obj=figure, county=figure.report.county_id, detail=_figure_change(before, figure)
        )
        if corrected:
            trigger_suggestion_record(report=figure.report, start=figure.start, end=figure.end, indicator=indicator)
    return figure


def extracted_figure_add(
    *, report: Report, start: int, end: int, value: Decimal, unit: str, qualifier: str, indicator: Indicator | None
) -> ExtractedFigure:
    """Mark a number the extractor missed as a figure; with an indicator, its phrase is proposed as a trigger."""
    with transaction.atomic():
        figure = ExtractedFigure.objects.create(
            report=report,
            start=start,
            end=end,
            text=report.text[start:end][:200],
            value=value,
            unit=unit,
            qualifier=qualifier,
            indicator=indicator,
            decision=ExtractedFigure.Decision.ACCEPTED,
            added_by_reviewer=True,
        )
        detail = {"action": "created", "report": report.pk}
        audit_record(kind=AuditKind.FIGURE_CHANGE, obj=figure, county=report.county_id, detail=detail)
        if indicator is not None:
            trigger_suggestion_record(report=report, start=start, end=end, indicator=indicator)
    return figure


def trigger_suggestion_record(
    *, report: Report, start: int, end: int, indicator: Indicator
) -> TriggerSuggestion | None:
    """Propose the phrase that names what ``report.text[start:end]`` counts as a trigger of ``indicator``.

    Nothing is recorded when no sensible phrase is found or the phrase is already one of the
    indicator's triggers. Counted once per correction; a rejected phrase keeps counting but stays
    rejected. Call inside the correction's transaction.
    """
    phrase = trigger_proposal(text=report.text, start=start, end=end, unit=indicator.unit)
    if phrase is None or phrase in indicator.trigger_list:
        return None
    suggestion, _ = TriggerSuggestion.objects.select_for_update().get_or_create(
        phrase=phrase, indicator=indicator, defaults={"example": _sentence_around(report.text, start, end)}
    )
    TriggerSuggestion.objects.filter(pk=suggestion.pk).update(times_seen=F("times_seen") + 1)
    suggestion.counties.add(report.county_id)
    suggestion.reports.add(report)
    suggestion.refresh_from_db(fields=["times_seen"])
    return suggestion


_SENTENCE_ENDS = "。；;！!？?\n"


def _sentence_around(text: str, start: int, end: int, width: int = 140) -> str:
    """The sentence of the figure, at most ``width`` characters either side of it, for the example."""
    begin = max(max(text.rfind(mark, 0, start) for mark in _SENTENCE_ENDS) + 1, start - width)
    ends = [i + 1 for i in (text.find(mark, end) for mark in _SENTENCE_ENDS) if i != -1]
    return text[begin : min([*ends, len(text), end + width])].strip()


def trigger_suggestion_decide(*, suggestion: TriggerSuggestion, status: str, user: AbstractBaseUser) -> None:
    """Accept or reject a suggestion. Accepting appends the phrase to the indicator's triggers, so the
    next extraction (which reads the catalog from the database) uses it.

    Raises ValueError for a transition not allowed, or a phrase that is already a trigger of another
    active indicator (it would then point at two).
    """
    if not suggestion.can_transition_to(status):
        raise ValueError(
            f"该建议已{suggestion.get_status_display()}，不能再{TriggerSuggestion.Status(status).label}。"
        )
    with transaction.atomic():
        indicator = Indicator.objects.select_for_update().get(pk=suggestion.indicator_id)
        if status == TriggerSuggestion.Status.ACCEPTED:
            others = Indicator.objects.filter(active=True).exclude(pk=indicator.pk)
            owner = next((i for i in others if suggestion.phrase in i.trigger_list), None)
            if owner is not None:
                raise ValueError(f"“{suggestion.phrase}”已是指标“{owner.name_zh}”的触发词，不能同时归入两个指标。")
            if suggestion.phrase not in indicator.trigger_list:
                indicator.triggers = "|".join((*indicator.trigger_list, suggestion.phrase))
                indicator.save(update_fields=["triggers"])
        suggestion.status = status
        suggestion.decided_by = user
        suggestion.decided_at = timezone.now()
        suggestion.save(update_fields=["status", "decided_by", "decided_at"])


def report_confirm(*, report: Report, user: AbstractBaseUser) -> Report:
    """Confirm the review: write the county's figures for the period from the accepted figures.

    A newer version of a report for the same county and period replaces the older one's figures (the old
    report is kept, marked superseded), so nothing is counted twice. Pending figures count as accepted
    ("confirm all"); rejected ones, problem/plan figures and figures with no indicator are not written.
    Raises ValueError when `user` may not confirm it (permissions.may_confirm_report: not the uploader).
    """
    if not (allowed := may_confirm_report(user=user, report=report)):
        raise ValueError(allowed.refusal)
    with transaction.atomic():
        report_set_status(report=report, status=Report.Status.CONFIRMED, actor=user, reason="确认提取结果")
        report.confirmed_by = user
        report.confirmed_at = timezone.now()
        report.save(update_fields=["confirmed_by", "confirmed_at"])
        older = Report.objects.filter(county=report.county, period=report.period, status=Report.Status.CONFIRMED)
        older = older.exclude(pk=report.pk)
        Figure.objects.filter(report__in=older).delete()
        older.update(superseded_by=report)
        report.extracted_figures.filter(decision=ExtractedFigure.Decision.PENDING).update(
            decision=ExtractedFigure.Decision.ACCEPTED
        )
        accepted = report.extracted_figures.filter(
            decision=ExtractedFigure.Decision.ACCEPTED,
            indicator__isnull=False,
            context=ExtractedFigure.Context.RESULT,
        )
        Figure.objects.filter(report=report).delete()
        written = Figure.objects.bulk_create(
            Figure(
                county=report.county,
                period=report.period,
                indicator_id=f.indicator_id,
                value=f.value,
                unit=f.unit,
                qualifier=f.qualifier,
                source=Figure.Source.REPORT,
                report=report,
                evidence=f.text,
            )
            for f in accepted
        )
        audit_record(kind=AuditKind.REPORT_CONFIRM, obj=report, user=user, detail={"figures": len(written)})
        summary_refresh(county=report.county, periods=[report.period])
        transaction.on_commit(figures_changed)
    return report
