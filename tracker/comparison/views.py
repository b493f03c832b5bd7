from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django_tables2 import RequestConfig

from tracker import export_jobs, workbooks
from tracker.audit.services import Kind as AuditKind
from tracker.audit.services import audit_record
from tracker.exports import CONTENT_TYPES
from tracker.figures_cache import cached_page
from tracker.models import ExportJob
from tracker.summary import AGREEMENT_RULE

from .forms import ComparisonForm
from .selectors import (
    area_cascade,
    area_search,
    comparison_chart,
    comparison_counties,
    comparison_export,
    comparison_export_size,
)
from .tables import CountyComparisonTable

PER_PAGE = 50
# A scope of up to this many counties (a province has under 200) is written while the browser waits, as a
# leader expects of a one-click download; a larger one (the nation's 2,800) by an export job, as a long
# list is: it stays in 我的导出 and keeps the heaviest comparison off the web workers, though it takes
# under a second either way (benchmarks/export.py --kind comparison).
IN_REQUEST_COUNTIES = 200


def _comparison_table(request, query):
    """The page of the comparison table the request shows."""
    table = CountyComparisonTable(comparison_counties(request.user, query), query=query)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return table


@login_required
def comparison(request):
    fmt = request.GET.get("export")
    if fmt in CONTENT_TYPES:
        query = ComparisonForm(request.GET, user=request.user).query()
        audit_record(kind=AuditKind.EXPORT, detail={"list": "各县对比", "format": fmt, "filters": request.GET.urlencode()})
        if comparison_export_size(request.user, query) <= IN_REQUEST_COUNTIES:
            return _export(request.user, query, fmt)
        filters = {key: value for key, value in request.GET.dict().items() if key not in ("export", "page", "sort")}
        job = export_jobs.export_job_create(user=request.user, kind=ExportJob.Kind.COMPARISON, fmt=fmt, filters=filters)
        return redirect("export_job_detail", job_id=job.pk)
    # The page below its print header depends on the scope, the filters, the day (the default period) and
    # the data only: it is cached under the figures version.
    content = cached_page(request, "comparison-page", lambda: _content(request))
    return render(request, "tracker/comparison.html", {"content": content})


def _content(request):
    form = ComparisonForm(request.GET, user=request.user)
    query = form.query()
    trail, children = area_cascade(request.user, query.area)
    params = request.GET.copy()
    for name in ("export", "page", "area"):
        params.pop(name, None)
    context = {
        "form": form,
        "query": query,
        "table": _comparison_table(request, query),
        "trail": trail,
        "children": children,
        "params": params.urlencode(),
        "export_params": request.GET.copy().urlencode(),
        "agreement_rule": AGREEMENT_RULE,
    }
    return render_to_string("tracker/_comparison_content.html", context, request)


def _export(user, query, fmt):
    """The whole comparison for the scope and filters (not just a page) as .xlsx or .csv."""
    title, headers, rows = comparison_export(user, query)
    content = workbooks.export_xlsx(title, headers, rows) if fmt == "xlsx" else workbooks.export_csv(headers, rows)
    return HttpResponse(
        content,
        content_type=CONTENT_TYPES[fmt],
        headers={"Content-Disposition": content_disposition_header(True, f"{title}-{timezone.localdate():%Y%m%d}.{fmt}")},
    )


@login_required
def comparison_chart_json(request):
    """The bar chart of the counties on the table's page, in the table's order and measure."""
    table = _comparison_table(request, ComparisonForm(request.GET, user=request.user).query())
    return JsonResponse(comparison_chart(row.record for row in table.page.object_list))


@login_required
def area_search_json(request):
    return JsonResponse({"areas": area_search(request.user, request.GET.get("q", "")[:32])})
