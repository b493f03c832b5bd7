from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django_tables2 import RequestConfig

from reports.selectors import reports_for

from . import selectors
from .models import CATEGORIES, Profile
from .tables import CountyComparisonTable


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def home(request):
    """Send each role where it works."""
    role = selectors.user_role(request.user)
    if role in (Profile.Role.COUNTY_OFFICE, Profile.Role.COUNTY_REVIEWER):
        county = selectors.counties_for(request.user).first()
        if county:
            return redirect("county_detail", county_id=county.pk)
    if role == Profile.Role.GUIDANCE:
        return redirect("group_list")
    if role in (Profile.Role.LEADERSHIP, Profile.Role.ADMIN):
        return redirect("comparison")
    return render(request, "tracker/no_role.html")


@login_required
def county_detail(request, county_id):
    county = selectors.county_for(request.user, county_id)
    by_category = selectors.county_figures_by_category(county)
    categories = [(CATEGORIES.get(code, (code, ""))[0], figures) for code, figures in by_category.items()]
    ledger = selectors.ledger_counts([county]).get(county.pk, {"found": 0, "closed": 0, "overdue": 0})
    status_counts = selectors.rectification_status_counts(county)
    return render(
        request,
        "tracker/county_detail.html",
        {
            "county": county,
            "categories": categories,
            "reports": reports_for(request.user).filter(county=county)[:10],
            "ledger": ledger,
            "status_counts": status_counts,
            "can_edit": selectors.counties_for(request.user, selectors.EDIT).filter(pk=county.pk).exists(),
        },
    )


@login_required
def comparison(request):
    table = CountyComparisonTable(selectors.county_comparison(request.user))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "tracker/comparison.html", {"table": table})


@login_required
def comparison_chart_json(request):
    return JsonResponse(selectors.comparison_chart(request.user))


@login_required
def group_list(request):
    groups = selectors.groups_for(request.user).prefetch_related("counties")
    return render(request, "tracker/group_list.html", {"groups": groups})


@login_required
def group_detail(request, group_id):
    group = selectors.groups_for(request.user).filter(pk=group_id).first()
    if group is None:
        raise Http404("没有找到该工作组，或您无权查看。")
    rows = selectors.county_comparison(request.user, group=group)
    return render(request, "tracker/group_detail.html", {"group": group, "rows": rows})
