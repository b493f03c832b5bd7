from django.contrib import messages
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from tracker.audit.services import Kind as AuditKind
from tracker.audit.services import audit_record
from tracker.models import CATEGORIES
from tracker.selectors.scope import EDIT, REVIEW, counties_for

from . import parse_queue, services
from .permissions import may_confirm_report, may_retry_report, may_review_report
from .forms import ExtractedFigureForm, FigureAddForm, ReportUploadForm, TriggerSuggestionDecisionForm
from .models import ExtractedFigure, Report, TriggerSuggestion
from .selectors import (
    figure_colour,
    report_for,
    reports_for,
    review_segments,
    trigger_suggestion_for,
    trigger_suggestion_rows,
    trigger_suggestions_for,
)
from .tables import ReportTable


@login_required
def report_list(request):
    table = ReportTable(reports_for(request.user))
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    can_upload = counties_for(request.user, action=EDIT).exists()
    return render(request, "reports/report_list.html", {"table": table, "can_upload": can_upload})


@login_required
def report_upload(request):
    counties = counties_for(request.user, action=EDIT)
    if not counties.exists():
        raise PermissionDenied("只有县委主题教育办可以上传进展报告。")
    form = ReportUploadForm(request.POST or None, request.FILES or None, counties=counties)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                county=form.cleaned_data["county"],
                period=form.cleaned_data["period"],
                uploaded_file=form.cleaned_data["file"],
                user=request.user,
            )
        except services.DuplicateReport as dup:
            uploaded_at = timezone.localtime(dup.existing.uploaded_at)
            messages.info(request, f"该文件已于{uploaded_at:%Y-%m-%d %H:%M}上传过，未重复解析。")
            return redirect("report_review", report_id=dup.existing.pk)
        _say_what_happened(request, report)
        return redirect("report_review", report_id=report.pk)
    return render(request, "reports/upload.html", {"form": form})


def _say_what_happened(request, report):
    """The upload message tells the state the report is in now: without a broker it was parsed in the
    request already, with workers it is usually still waiting."""
    report.refresh_from_db()
    if report.dispatch_due:
        messages.warning(request, "文件已保存。解析队列暂时不可用，队列恢复后将自动开始解析，无需重新上传。")
    elif report.status == Report.Status.NEEDS_REVIEW:
        found = report.extracted_figures.count()
        messages.success(request, f"上传成功，已解析完毕，提取到{found}项数据，请逐项核对后确认。")
    elif report.status == Report.Status.FAILED:
        messages.error(request, f"文件已保存，但解析失败：{report.failure_reason}")
    else:
        messages.info(request, "上传成功，系统正在解析，完成后本页会自动刷新。")


@login_required
def report_review(request, report_id):
    report = report_for(request.user, report_id)
    can_edit_figures = bool(may_review_report(user=request.user, report=report))
    confirmation = may_confirm_report(user=request.user, report=report)
    figures = report.extracted_figures.select_related("indicator").order_by("start", "id")
    # A report may have thousands of figures: all are highlighted in the text (loading only what the
    # highlight shows), and listed with their forms a page at a time.
    page = Paginator(figures, settings.REVIEW_FIGURES_PER_PAGE).get_page(request.GET.get("page"))
    highlights = figures.only("report_id", "start", "end", "decision", "indicator__name_zh", "indicator__category")
    indicator_choices = list(ExtractedFigureForm.base_fields["indicator"].choices)
    rows = [
        {
            "figure": f,
            "colour": figure_colour(f),
            "form": ExtractedFigureForm(instance=f, prefix=f"f{f.pk}", indicator_choices=indicator_choices)
            if can_edit_figures
            else None,
        }
        for f in page
    ]
    return render(
        request,
        "reports/review.html",
        {
            "report": report,
            "segments": review_segments(report, highlights),
            "rows": rows,
            "page": page,
            "add_form": FigureAddForm(text_length=len(report.text)),
            "categories": CATEGORIES,
            "can_edit": can_edit_figures,
            "can_confirm": bool(confirmation),
            # Why the one who may correct the figures may not confirm them (the uploader, four eyes).
            "confirm_refusal": confirmation.refusal if can_edit_figures else "",
            "can_retry": bool(may_retry_report(user=request.user, report=report)),
            "events": report.events.select_related("actor"),
        },
    )


@login_required
def report_status_json(request, report_id):
    report = report_for(request.user, report_id)
    return JsonResponse(
        {
            "status": report.status,
            "label": report.get_status_display(),
            "busy": report.is_busy,
            "failure_reason": report.failure_reason,
            "figures": report.extracted_figures.count(),
        }
    )


@login_required
def report_download(request, report_id):
    report = report_for(request.user, report_id)
    audit_record(kind=AuditKind.DOWNLOAD, obj=report)
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.original_name)


@login_required
@require_POST
def figure_update(request, report_id, figure_id):
    report = report_for(request.user, report_id, action=REVIEW)
    figure = get_object_or_404(ExtractedFigure, pk=figure_id, report=report)
    form = ExtractedFigureForm(request.POST, instance=figure, prefix=f"f{figure.pk}")
    if not (allowed := may_review_report(user=request.user, report=report)):
        messages.error(request, allowed.refusal)
    elif form.is_valid():
        services.extracted_figure_update(figure=figure, **form.cleaned_data)
        messages.success(request, f"已保存“{figure.text}”。")
    else:
        messages.error(request, "保存失败：" + "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("report_review", report_id=report.pk)


@login_required
@require_POST
def figure_add(request, report_id):
    report = report_for(request.user, report_id, action=REVIEW)
    form = FigureAddForm(request.POST, text_length=len(report.text))
    if not (allowed := may_review_report(user=request.user, report=report)):
        messages.error(request, allowed.refusal)
    elif form.is_valid():
        services.extracted_figure_add(report=report, **form.cleaned_data)
        messages.success(request, "已添加为数据。")
    else:
        messages.error(request, "添加失败：" + "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("report_review", report_id=report.pk)


@login_required
@require_POST
def report_confirm(request, report_id):
    report = report_for(request.user, report_id, action=REVIEW)
    try:
        services.report_confirm(report=report, user=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已确认，数据已计入本县本期统计。")
    return redirect("report_review", report_id=report.pk)


@login_required
@require_POST
def report_retry(request, report_id):
    report = report_for(request.user, report_id, action=EDIT)
    if not (allowed := may_retry_report(user=request.user, report=report)):
        messages.error(request, allowed.refusal)
        return redirect("report_review", report_id=report.pk)
    try:
        parse_queue.report_retry(report=report, user=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("report_review", report_id=report.pk)


SUGGESTIONS_PER_PAGE = 25


@login_required
def trigger_suggestion_list(request):
    status = request.GET.get("status", TriggerSuggestion.Status.PROPOSED)
    if status not in TriggerSuggestion.Status.values:
        status = TriggerSuggestion.Status.PROPOSED
    page = Paginator(trigger_suggestions_for(request.user, status), SUGGESTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reports/trigger_suggestions.html",
        {
            "page": page,
            "rows": trigger_suggestion_rows(page.object_list),
            "status": status,
            "statuses": TriggerSuggestion.Status.choices,
        },
    )


@login_required
@require_POST
def trigger_suggestion_decide(request, suggestion_id):
    suggestion = trigger_suggestion_for(request.user, suggestion_id)
    form = TriggerSuggestionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "操作失败：" + "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("trigger_suggestion_list")
    try:
        services.trigger_suggestion_decide(suggestion=suggestion, status=form.cleaned_data["status"], user=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        if suggestion.status == TriggerSuggestion.Status.ACCEPTED:
            messages.success(
                request,
                f"已采纳：“{suggestion.phrase}”已加入指标“{suggestion.indicator.name_zh}”的触发词，之后解析的报告即会使用。",
            )
        else:
            messages.success(request, f"已忽略“{suggestion.phrase}”。")
    return redirect("trigger_suggestion_list")
