"""The county's working book as lists: filtered, sorted, paged and exported; the county search of their filters."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django_tables2 import LazyPaginator, RequestConfig

from .. import export_jobs, figures_cache
from ..audit.services import Kind as AuditKind
from ..audit.services import audit_record
from ..exports import CONTENT_TYPES, IN_REQUEST_ROWS, export_response
from ..filters import list_filter
from ..selectors import lights, scope

EXPORT_FORMATS = tuple(CONTENT_TYPES)


def list_page(request, *, kind, table_class, title, new_url):
    """A filtered, sortable list of one kind of record with export links; the export holds the same rows.
    Pages are fetched without counting the list (下一页 shows when there is one): a national ledger has a
    million items. A long export is made by a job, whose page the user is sent to."""
    query = request.GET.copy()
    fmt = query.pop("export", [None])[0]
    query.pop("page", None)
    if fmt in EXPORT_FORMATS:
        rows = list_filter(kind, request.user, request.GET).qs
        audit_record(kind=AuditKind.EXPORT, detail={"list": title, "format": fmt, "filters": request.GET.urlencode()})
        if lights.capped_count(rows, IN_REQUEST_ROWS) <= IN_REQUEST_ROWS:
            return export_response(kind, rows, fmt)
        filters = {key: value for key, value in query.dict().items() if key != "sort"}
        job = export_jobs.export_job_create(user=request.user, kind=kind, fmt=fmt, filters=filters)
        return redirect("export_job_detail", job_id=job.pk)
    editable_counties = scope.counties_for(request.user, action=scope.EDIT)
    editable_ids = sorted(editable_counties.values_list("pk", flat=True))

    def content():
        """The page below the menu: it depends on the scopes, the query and the data only, not on who asks."""
        filterset = list_filter(kind, request.user, request.GET)
        rows = filterset.qs
        table = table_class(rows, editable_county_ids=set(editable_ids))
        RequestConfig(request, paginate={"per_page": 50, "paginator_class": LazyPaginator}).configure(table)
        context = {
            "title": title,
            "kind": kind,
            "filter": filterset,
            "table": table,
            "query": query.urlencode(),
            "lights": lights.light_totals(rows, shown=_shown_light(filterset)) if kind == "rectification" else None,
            "light_cap": lights.LIGHT_COUNT_CAP,
            "editable_counties": editable_counties,
            "new_url": new_url,
        }
        return render_to_string("tracker/_list_content.html", context, request)

    if kind == "rectification":  # the ledger's writes move the figures version; the other lists' do not
        html = figures_cache.cached_page(request, "ledger-page", content, extra=(editable_ids,))
    else:
        html = content()
    return render(request, "tracker/list.html", {"title": title, "content": html})


def _shown_light(filterset):
    """The light the list is filtered to, if any."""
    return (filterset.form.cleaned_data.get("light") or None) if filterset.is_valid() else None


@login_required
def county_search(request):
    """Counties of the user's scope whose name holds `q`, for the county filter of the lists."""
    counties = scope.counties_matching(request.user, request.GET.get("q", ""))
    rows = [{"id": c.pk, "name": c.name, "city": c.parent.name if c.parent else ""} for c in counties]
    return JsonResponse({"counties": rows}, json_dumps_params={"ensure_ascii": False})
