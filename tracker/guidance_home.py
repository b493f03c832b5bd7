"""A guidance group's home: the group's counties as cards with lights that say which county needs a
visit, and what changed in each since the member last opened it.

Lights on a card:
- 报告: red when the county has no report (other than a failed upload) for the last week that has ended;
- 逾期: red when any rectification item is overdue;
- 销号率: the ledger's closure rate against the median of the counties in the same city (green at or above
  the median, yellow below it).
Each card also counts the approved deadline extensions (延期): many extensions are a reason to visit even
when no light is red, since an extension turns a red light green.
"""

import statistics

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from .models import Area, CountyLastSeen, GuidanceNote, RectificationChange, RectificationItem, ReportingPeriod
from .figures import closure_rate
from .selectors.dashboards import ledger_counts
from .selectors.lights import GREEN, RED, YELLOW
from .selectors.scope import counties_for

# reports.Report.Status.FAILED: a failed upload is no report (tracker may not import reports).
REPORT_FAILED = "failed"


def due_week(today=None):
    """The week whose report is due now: the latest week that has ended, or None."""
    today = today or timezone.localdate()
    return ReportingPeriod.objects.filter(kind=ReportingPeriod.Kind.WEEK, end_date__lt=today).order_by("-end_date").first()


def _reported_counties(counties, week):
    if week is None:
        return set()
    rows = Area.objects.filter(pk__in=counties, reports__period=week).values_list("pk", "reports__status")
    return {pk for pk, status in rows if status != REPORT_FAILED}


def city_median_rates(counties):
    """{city_id: median ledger closure rate of the city's counties that have items}; aggregate figures of
    the whole city, whoever looks."""
    rows = (
        RectificationItem.objects.filter(county__parent__in=counties.values("parent_id"))
        .values("county_id", "county__parent_id")
        .annotate(found=Count("id"), closed=Count("id", filter=Q(status=RectificationItem.Status.CLOSED)))
        .order_by()
    )
    rates = {}
    for row in rows:
        rates.setdefault(row["county__parent_id"], []).append(closure_rate(row["found"], row["closed"]))
    return {city_id: round(statistics.median(values), 1) for city_id, values in rates.items()}


def _last_seen(user, group, county_ref):
    return Subquery(CountyLastSeen.objects.filter(user=user, group=group, county=county_ref).values("seen_at")[:1])


def _since_seen(field):
    """Rows newer than the member's last look (all rows when they never looked)."""
    return Q(seen__isnull=True) | Q(**{f"{field}__gt": F("seen")})


def changes_since_seen(user, group, counties):
    """{county_id: {"ledger_changes", "new_reports", "replies"}} since the member last opened each county:
    changes to its ledger made by others, reports uploaded, guidance notes answered."""
    # (key, rows, the rows' county, the rows' time, what is counted): one grouped count each.
    changes = RectificationChange.objects.filter(item__county__in=counties).exclude(actor=user)
    reports = Area.objects.filter(pk__in=counties, reports__isnull=False)
    replies = GuidanceNote.objects.filter(county__in=counties, responded_at__isnull=False)
    kinds = (
        ("ledger_changes", changes, "item__county_id", "created_at", "id"),
        ("new_reports", reports, "pk", "reports__uploaded_at", "reports"),
        ("replies", replies, "county_id", "responded_at", "id"),
    )
    result = {}
    for key, rows, county_field, time_field, counted_field in kinds:
        counted = (
            rows.annotate(seen=_last_seen(user, group, OuterRef(county_field)))
            .filter(_since_seen(time_field))
            .values(county_field)
            .annotate(n=Count(counted_field))
            .order_by()
        )
        for row in counted:
            result.setdefault(row[county_field], {})[key] = row["n"]
    return result


def group_home_cards(user, group, today=None):
    """One card per county of `group` that `user` may see, the counties needing a visit first (most red
    lights), then by city and name. The number of queries does not grow with the number of counties."""
    today = today or timezone.localdate()
    counties = counties_for(user).filter(supervising_groups=group).select_related("parent").order_by("parent__name", "name")
    ledger = ledger_counts(counties, today=today)
    medians = city_median_rates(counties)
    week = due_week(today)
    reported = _reported_counties(counties, week)
    seen = dict(CountyLastSeen.objects.filter(user=user, group=group).values_list("county_id", "seen_at"))
    changed = changes_since_seen(user, group, counties)
    no_changes = {"ledger_changes": 0, "new_reports": 0, "replies": 0}
    cards = []
    for county in counties:
        led = ledger.get(county.pk, {"found": 0, "closed": 0, "overdue": 0, "due_soon": 0, "extensions": 0})
        rate = closure_rate(led["found"], led["closed"])
        median = medians.get(county.parent_id)
        report_late = week is not None and county.pk not in reported
        lights = {
            "report": None if week is None else (RED if report_late else GREEN),
            "overdue": RED if led["overdue"] else GREEN,
            "rate": None if rate is None or median is None else (GREEN if rate >= median else YELLOW),
        }
        cards.append(
            {
                "county": county,
                "due_week": week,
                "report_late": report_late,
                "found": led["found"],
                "closed": led["closed"],
                "overdue": led["overdue"],
                "due_soon": led["due_soon"],
                "extensions": led["extensions"] or 0,
                "closure_rate": rate,
                "city_median_rate": median,
                "lights": lights,
                "red_lights": sum(1 for light in lights.values() if light == RED),
                "last_seen": seen.get(county.pk),
                "changes": {**no_changes, **changed.get(county.pk, {})},
            }
        )
    cards.sort(key=lambda card: -card["red_lights"])  # stable: city and name order within equal counts
    return cards


def county_seen_mark(*, user, group, county):
    """Record that `user` opened `county` from `group`'s home now."""
    CountyLastSeen.objects.update_or_create(
        user=user, group=group, county=county, defaults={"seen_at": timezone.now()}
    )
