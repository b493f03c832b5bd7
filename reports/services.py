"""Writes for reports: upload, ingestion, review and confirmation."""
import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from tracker.models import Area, Figure, Indicator, ReportingPeriod
from tracker.selectors import figures_changed, indicator_catalog

from .extraction import extract_figures
from .models import ExtractedFigure, Report, ReportEvent
from .readers import UnreadableDocument, read_document


class DuplicateReport(Exception):
    """The same file (same SHA-256) was already uploaded for this county."""

    def __init__(self, existing):
        super().__init__("该文件已上传过")
        self.existing = existing


def report_set_status(*, report: Report, status: str, actor: AbstractBaseUser | None = None, reason: str = "") -> None:
    """The one way a report's status changes: checks the transition, records who, when and why."""
    if not report.can_transition_to(status):
        raise ValueError(f"报告状态不能从“{report.get_status_display()}”变为“{Report.Status(status).label}”")
    old = report.status
    report.status = status
    fields = ["status"]
    if status == Report.Status.FAILED:
        report.failure_reason = reason
        fields.append("failure_reason")
    report.save(update_fields=fields)
    ReportEvent.objects.create(report=report, old_status=old, new_status=status, actor=actor, reason=reason)


def report_create(
    *, county: Area, period: ReportingPeriod, uploaded_file: UploadedFile, user: AbstractBaseUser
) -> Report:
    """Store the original upload and queue it for parsing once the transaction commits.

    Raises DuplicateReport when this county already has the same file.
    """
    from .tasks import ingest_report

    sha256 = Report.sha256_of(uploaded_file)
    existing = Report.objects.filter(county=county, sha256=sha256).first()
    if existing:
        raise DuplicateReport(existing)
    with transaction.atomic():
        report = Report(
            county=county,
            period=period,
            original_name=uploaded_file.name[:255],
            sha256=sha256,
            size=uploaded_file.size,
            uploaded_by=user,
        )
        report.file.save(sha256, uploaded_file, save=False)
        report.save()
        ReportEvent.objects.create(report=report, new_status=report.status, actor=user, reason="上传")
        transaction.on_commit(lambda: ingest_report.delay(report.pk))
    return report


def report_ingest(*, report_id: int) -> Report:
    """Read the stored file, extract figures and leave the report waiting for review.

    Everything is parsed before anything is written; re-running replaces the extracted figures, so it is
    idempotent. A file that cannot be read marks the report failed with the reader's message.
    """
    report = Report.objects.get(pk=report_id)
    if report.status not in (Report.Status.QUEUED, Report.Status.PARSING):
        return report
    if report.status == Report.Status.QUEUED:
        report_set_status(report=report, status=Report.Status.PARSING)
    try:
        document = read_document(report.file.path)
    except UnreadableDocument as exc:
        report_set_status(report=report, status=Report.Status.FAILED, reason=str(exc))
        return report
    figures = extract_figures(document.text, indicator_catalog())
    indicators = {i.code: i for i in Indicator.objects.all()}
    with transaction.atomic():
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


def report_mark_failed(*, report_id: int, reason: str) -> None:
    """Called when the task itself gives up: the user sees why instead of a report stuck in parsing."""
    report = Report.objects.get(pk=report_id)
    if report.can_transition_to(Report.Status.FAILED):
        report_set_status(report=report, status=Report.Status.FAILED, reason=reason)


STALE_MESSAGE = "解析超时：系统未能在规定时间内完成处理。原始文件已保存，请点击“重新解析”或联系管理员。"


def report_fail_stale(*, older_than: datetime.timedelta) -> int:
    """Mark failed the reports left queued or parsing for longer than `older_than` (a worker that died
    mid-task leaves them so); returns how many. Run periodically by Celery beat."""
    cutoff = timezone.now() - older_than
    busy = (Report.Status.QUEUED, Report.Status.PARSING)
    last_change = ReportEvent.objects.filter(report=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
    stale = Report.objects.filter(status__in=busy).annotate(changed=Subquery(last_change)).filter(changed__lt=cutoff)
    count = 0
    for report in stale:
        with transaction.atomic():
            report_set_status(report=report, status=Report.Status.FAILED, reason=STALE_MESSAGE)
        count += 1
    return count


def report_retry(*, report: Report, user: AbstractBaseUser) -> None:
    from .tasks import ingest_report

    with transaction.atomic():
        report_set_status(report=report, status=Report.Status.QUEUED, actor=user, reason="重新解析")
        transaction.on_commit(lambda: ingest_report.delay(report.pk))


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
    """A reviewer's correction of one extracted figure."""
    figure.indicator = indicator
    figure.value = value
    figure.unit = unit
    figure.qualifier = qualifier
    figure.subject = subject
    figure.decision = decision
    figure.save(update_fields=["indicator", "value", "unit", "qualifier", "subject", "decision"])
    return figure


def extracted_figure_add(
    *, report: Report, start: int, end: int, value: Decimal, unit: str, qualifier: str, indicator: Indicator | None
) -> ExtractedFigure:
    """Mark a number the extractor missed as a figure."""
    return ExtractedFigure.objects.create(
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


def report_confirm(*, report: Report, user: AbstractBaseUser) -> Report:
    """Confirm the review: write the county's figures for the period from the accepted figures.

    A newer version of a report for the same county and period replaces the older one's figures (the old
    report is kept, marked superseded), so nothing is counted twice. Pending figures count as accepted
    ("confirm all"); rejected ones, problem/plan figures and figures with no indicator are not written.
    """
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
        Figure.objects.bulk_create(
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
        transaction.on_commit(figures_changed)
    return report
