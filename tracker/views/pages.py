"""The home, the county page, the health check and the favicon."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone

from .. import figures
from ..health import service_status
from ..models import CATEGORIES, Profile, ReportingPeriod
from ..selectors import dashboards, records, scope
from .guidance import NOTES_ON_COUNTY_PAGE, guidance_note_form


def favicon(request):
    # Browsers and the admin ask for /favicon.ico whatever the page says; answer instead of logging a 404.
    return redirect(static("favicon.svg"), permanent=True)


def health(request):
    """200 when the database, the broker and the cache answer; 503 naming what is down."""
    checks = service_status()
    down = [name for name, state in checks.items() if state != "ok"]
    body = {"status": "down" if down else "ok", "down": down, **checks}
    return JsonResponse(body, status=503 if down else 200, json_dumps_params={"ensure_ascii": False})


@login_required
def home(request):
    """Send each role where it works."""
    role = scope.user_role(request.user)
    if role in (Profile.Role.COUNTY_OFFICE, Profile.Role.COUNTY_REVIEWER):
        county = scope.counties_for(request.user).first()
        if county:
            return redirect("county_detail", county_id=county.pk)
    if role == Profile.Role.GUIDANCE:
        # A member of one group starts on its home (its counties as cards); of several, on the list.
        groups = list(scope.groups_for(request.user)[:2])
        if len(groups) == 1:
            return redirect("group_home", group_id=groups[0].pk)
        return redirect("group_list")
    if role in (Profile.Role.LEADERSHIP, Profile.Role.ADMIN):
        return redirect("comparison")
    if role == Profile.Role.AUDITOR:
        return redirect("audit_event_list")
    return render(request, "tracker/no_role.html")


@login_required
def county_detail(request, county_id):
    county = scope.county_for(request.user, county_id)
    by_category = dashboards.county_figures_by_category(county)
    categories = [(CATEGORIES.get(code, (code, ""))[0], figures) for code, figures in by_category.items()]
    empty = {"found": 0, "closed": 0, "overdue": 0, "due_soon": 0, "on_track": 0}
    ledger_figures = dashboards.ledger_counts([county]).get(county.pk, empty)
    status_counts = dashboards.rectification_status_counts(county)
    periods = ReportingPeriod.objects.filter(kind=ReportingPeriod.Kind.MONTH, start_date__lte=timezone.localdate())
    notes = records.guidance_notes_for(request.user).filter(county=county)
    return render(
        request,
        "tracker/county_detail.html",
        {
            "county": county,
            "categories": categories,
            "reports": county.reports.select_related("period")[:10],  # the county is in the user's scope
            "ledger": ledger_figures,
            "ledger_rate": figures.closure_rate(ledger_figures["found"], ledger_figures["closed"]),
            "status_counts": status_counts,
            "period_rows": dashboards.ledger_period_figures(county, list(periods.order_by("-start_date")[:6])[::-1]),
            "can_edit": scope.may(request.user, county.pk, scope.EDIT),
            "supervising_groups": scope.supervising_groups([county]),
            "notes": notes[:NOTES_ON_COUNTY_PAGE],
            "notes_total": notes.count(),
            "note_form": guidance_note_form(request.user, county),
        },
    )


@login_required
def comparison_trend_json(request):
    return JsonResponse(dashboards.area_trend(request.user))
