"""Reads for the tracker. `counties_for` is the one place that decides what a user may see or change."""
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.http import Http404
from django.utils import timezone

from .models import Area, Figure, Indicator, Profile, RectificationItem, WorkingGroup

VIEW = "view"
EDIT = "edit"

FOUND = "rectify_problems_found"
CLOSED = "rectify_problems_closed"


def _profile(user):
    if not user.is_authenticated:
        return None
    return Profile.objects.filter(user=user).select_related("area").first()


def user_role(user):
    if user.is_authenticated and user.is_superuser:
        return Profile.Role.ADMIN
    profile = _profile(user)
    return profile.role if profile else None


def counties_for(user, action=VIEW):
    """Counties `user` may see (action=VIEW) or change (action=EDIT).

    County office staff: their county. Guidance and liaison members: the counties assigned to their
    groups (view only). Leadership: every county under their area (view only). Administrators: all.
    """
    counties = Area.objects.filter(level=Area.Level.COUNTY)
    if not user.is_authenticated:
        return counties.none()
    role = user_role(user)
    if role == Profile.Role.ADMIN:
        return counties
    profile = _profile(user)
    if role in (Profile.Role.COUNTY_OFFICE, Profile.Role.COUNTY_REVIEWER):
        return counties.filter(pk=profile.area_id)
    if action == EDIT:
        return counties.none()
    if role == Profile.Role.GUIDANCE:
        return counties.filter(supervising_groups__members=user).distinct()
    if role == Profile.Role.LEADERSHIP and profile.area_id:
        area = profile.area
        return counties.filter(Q(pk=area.pk) | Q(parent=area) | Q(parent__parent=area))
    return counties.none()


def county_for(user, county_id, action=VIEW):
    """The county if `user` may see (or change) it, else 404: another county's object does not exist."""
    county = counties_for(user, action).filter(pk=county_id).first()
    if county is None:
        raise Http404("没有找到该县，或您无权查看。")
    return county


def groups_for(user):
    """Working groups whose counties the user may see: a member sees their groups, leaders and admins all."""
    groups = WorkingGroup.objects.exclude(kind=WorkingGroup.Kind.OFFICE)
    role = user_role(user)
    if role == Profile.Role.ADMIN:
        return groups
    if role == Profile.Role.LEADERSHIP:
        return groups.filter(counties__in=counties_for(user)).distinct()
    return groups.filter(members=user)


def _figures_version():
    return cache.get_or_set("figures-version", 1, None)


def figures_changed():
    """Called by every ingestion: cached aggregates keyed on the version are dropped."""
    try:
        cache.incr("figures-version")
    except ValueError:
        cache.set("figures-version", 2, None)


def latest_reported_values(counties, codes):
    """{county_id: {code: value}} for the latest period in which each county reported each indicator.

    Several figures of one indicator in a period (e.g. leaders' and members' problems) give the largest
    of them: a figure is never overstated by adding mentions that may repeat one another.
    """
    rows = (
        Figure.objects.filter(county__in=counties, indicator__code__in=codes)
        .values("county_id", "indicator__code", "period__start_date")
        .annotate(value=Max("value"))
        .order_by("county_id", "indicator__code", "period__start_date")
    )
    values = {}
    for row in rows:  # ordered by period, so the last one written is the latest
        values.setdefault(row["county_id"], {})[row["indicator__code"]] = row["value"]
    return values


def ledger_counts(counties, today=None):
    """{county_id: {"found", "closed", "overdue"}} counted from rectification items."""
    today = today or timezone.localdate()
    closed = RectificationItem.Status.CLOSED
    rows = (
        RectificationItem.objects.filter(county__in=counties)
        .values("county_id")
        .annotate(
            found=Count("id"),
            closed=Count("id", filter=Q(status=closed)),
            overdue=Count("id", filter=Q(deadline__lt=today) & ~Q(status=closed)),
        )
    )
    return {row.pop("county_id"): row for row in rows}


def rectification_status_counts(county):
    """[(status label, count)] for every workflow status, zeros included."""
    counts = dict(
        RectificationItem.objects.filter(county=county).values_list("status").annotate(n=Count("id")).order_by()
    )
    return [(label, counts.get(value, 0)) for value, label in RectificationItem.Status.choices]


def closure_rate(found, closed):
    if not found:
        return None
    return round(float(closed) / float(found) * 100, 1)


def county_comparison(user, group=None):
    """One row per county the user may see (within `group` if given): problems found and closed, as
    reported and per the ledger."""
    counties = counties_for(user).select_related("parent").order_by("parent__name", "name")
    if group is not None:
        counties = counties.filter(supervising_groups=group)
    key = f"comparison:{_figures_version()}:{','.join(str(c.pk) for c in counties)}"
    rows = cache.get(key)
    if rows is not None:
        return rows
    reported = latest_reported_values(counties, [FOUND, CLOSED])
    ledger = ledger_counts(counties)
    rows = []
    for county in counties:
        rep = reported.get(county.pk, {})
        led = ledger.get(county.pk, {})
        found, closed = rep.get(FOUND), rep.get(CLOSED)
        rows.append(
            {
                "county_id": county.pk,
                "county": county.name,
                "city": county.parent.name if county.parent else "",
                "found": int(found) if found is not None else None,
                "closed": int(closed) if closed is not None else None,
                "closure_rate": closure_rate(found, closed),
                "ledger_found": led.get("found", 0),
                "ledger_closed": led.get("closed", 0),
                "ledger_overdue": led.get("overdue", 0),
            }
        )
    cache.set(key, rows, 300)
    return rows


def comparison_chart(user):
    """Chart-ready data for the leaders' bar chart: problems found versus closed per county."""
    rows = county_comparison(user)
    return {
        "labels": [r["county"] for r in rows],
        "datasets": [
            {"label": "检视查摆问题", "data": [r["found"] for r in rows]},
            {"label": "完成整改问题", "data": [r["closed"] for r in rows]},
        ],
    }


def county_figures_by_category(county):
    """The county's figures in its latest period per indicator, grouped by catalog category."""
    figures = (
        Figure.objects.filter(county=county)
        .select_related("indicator", "period", "report")
        .order_by("indicator__category", "indicator__code", "-period__start_date", "-value")
    )
    seen, groups = set(), {}
    for figure in figures:
        if figure.indicator_id in seen:
            continue
        seen.add(figure.indicator_id)
        groups.setdefault(figure.indicator.category, []).append(figure)
    return groups


def indicator_catalog():
    """The active catalog as extraction input (plain dataclasses, no ORM objects)."""
    from reports.extraction import Indicator as CatalogEntry

    return tuple(
        CatalogEntry(
            code=i.code,
            category=i.category,
            name_zh=i.name_zh,
            unit=i.unit,
            kind=i.kind,
            triggers=i.trigger_list,
        )
        for i in Indicator.objects.filter(active=True).order_by("code")
    )
