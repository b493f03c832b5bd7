"""Dashboard reads: figures as reported beside the ledger, per county and period, for the comparison
table, the charts and the county and group pages. Aggregated in the database; the comparison is cached
under the figures version (tracker.figures_cache) that every ingestion moves on."""

import datetime

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from ..figures import closure_rate, per_thousand
from ..figures_cache import cached
from ..models import Area, CountyPeriodSummary, Figure, GuidanceNote, RectificationItem, ReportingPeriod, WorkingGroup
from ..summary import CLOSED, FOUND, figures_differ
from .lights import approved_extension_count, due_soon, overdue
from .scope import User, counties_for



def latest_reported_values(counties, codes) -> dict[int, dict]:
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


def ledger_counts(counties, *, today: datetime.date | None = None) -> dict[int, dict[str, int]]:
    """{county_id: {"found", "closed", "overdue", "due_soon", "on_track"}} counted from rectification
    items in one query. overdue/due_soon/on_track are the red/yellow/green light counts; extensions the
    approved deadline extensions (延期)."""
    today = today or timezone.localdate()
    rows = (
        RectificationItem.objects.filter(county__in=counties)
        .values("county_id")
        .annotate(
            found=Count("id"),
            closed=Count("id", filter=Q(status=RectificationItem.Status.CLOSED)),
            overdue=Count("id", filter=overdue(today)),
            due_soon=Count("id", filter=due_soon(today)),
            extensions=Sum(approved_extension_count()),
        )
        .order_by()
    )
    counts = {}
    for row in rows:
        row["on_track"] = row["found"] - row["overdue"] - row["due_soon"]
        counts[row.pop("county_id")] = row
    return counts


def ledger_period_figures(county: Area, periods) -> list[dict]:
    """[{period, found, closed, overdue, closure_rate, reported_found, reported_closed, differs}] per
    period: the ledger as it stood at each period's end, beside what the county reported for it, read
    from the county's period summaries (tracker.summary)."""
    periods = list(periods)
    summaries = {s.period_id: s for s in CountyPeriodSummary.objects.filter(county=county, period__in=periods)}
    rows = []
    for p in periods:
        summary = summaries.get(p.pk) or CountyPeriodSummary(county=county, period=p)
        rows.append(
            {
                "period": p,
                "found": summary.items_found,
                "closed": summary.items_closed,
                "overdue": summary.items_overdue_open,
                "closure_rate": closure_rate(summary.items_found, summary.items_closed),
                "reported_found": summary.reported_found,
                "reported_closed": summary.reported_closed,
                "differs": summary.reported_differs,
            }
        )
    return rows


def rectification_status_counts(county: Area) -> list[tuple[str, int]]:
    """[(status label, count)] for every workflow status, zeros included."""
    counts = dict(
        RectificationItem.objects.filter(county=county).values_list("status").annotate(n=Count("id")).order_by()
    )
    return [(label, counts.get(value, 0)) for value, label in RectificationItem.Status.choices]


def county_comparison(user: User, *, group: WorkingGroup | None = None) -> list[dict]:
    """One row per county the user may see (within `group` if given): problems found and closed, as
    reported and per the ledger."""
    counties = counties_for(user).select_related("parent").order_by("parent__name", "name")
    if group is not None:
        counties = counties.filter(supervising_groups=group)
    # Keyed on the counties themselves: a group that gains or loses a county reads a new entry.
    return cached("comparison", tuple(c.pk for c in counties), lambda: _comparison_rows(counties))


def _comparison_rows(counties) -> list[dict]:
    reported = latest_reported_values(counties, [FOUND, CLOSED])
    ledger = ledger_counts(counties)
    rows = []
    for county in counties:
        rep = reported.get(county.pk, {})
        led = ledger.get(county.pk, {})
        found, closed = rep.get(FOUND), rep.get(CLOSED)
        found = int(found) if found is not None else None
        closed = int(closed) if closed is not None else None
        ledger_found, ledger_closed = led.get("found", 0), led.get("closed", 0)
        rows.append(
            {
                "county_id": county.pk,
                "county": county.name,
                "city": county.parent.name if county.parent else "",
                "found": found,
                "closed": closed,
                "closure_rate": closure_rate(found, closed),
                "found_per_thousand": per_thousand(found, county.party_member_count),
                "ledger_found": ledger_found,
                "ledger_closed": ledger_closed,
                "ledger_overdue": led.get("overdue", 0),
                "ledger_due_soon": led.get("due_soon", 0),
                "ledger_extensions": led.get("extensions", 0),
                "ledger_closure_rate": closure_rate(ledger_found, ledger_closed),
                "reported": found is not None or closed is not None,
                "differs": figures_differ(found, closed, ledger_found, ledger_closed),
            }
        )
    rows.sort(key=_ranking)
    return rows


def _ranking(row):
    """The comparison's one order, for its chart and its table: closure rate from the highest, counties
    without a reported rate after them, by city and name."""
    rate = row["closure_rate"]
    return (rate is None, -(rate or 0), row["city"], row["county"])


def area_trend(user: User, *, kind: str = ReportingPeriod.Kind.MONTH) -> dict:
    """Problems found and closed across the user's counties, period by period (chart-ready).

    The figures are cumulative, so a county that did not report in a period counts with its last
    reported value; a county counts from the first period it reported in.
    """
    rows = (
        Figure.objects.filter(county__in=counties_for(user), indicator__code__in=[FOUND, CLOSED], period__kind=kind)
        .values("county_id", "indicator__code", "period__start_date", "period__label")
        .annotate(value=Max("value"))
        .order_by("period__start_date")
    )
    by_period = {}
    for row in rows:
        period = by_period.setdefault(row["period__start_date"], {"label": row["period__label"], "values": {}})
        period["values"][(row["county_id"], row["indicator__code"])] = row["value"]
    latest, labels, series = {}, [], {FOUND: [], CLOSED: []}
    for period in by_period.values():
        latest.update(period["values"])
        labels.append(period["label"])
        for code in series:
            series[code].append(int(sum(v for (_, c), v in latest.items() if c == code)))
    return {
        "labels": labels,
        "datasets": [
            {"label": "检视查摆问题（累计）", "data": series[FOUND]},
            {"label": "完成整改问题（累计）", "data": series[CLOSED]},
        ],
    }


def county_figures_by_category(county: Area) -> dict[str, list[Figure]]:
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


def guidance_note_counts(group: WorkingGroup) -> dict[int, dict[str, int]]:
    """{county_id: {"notes", "open_corrections"}} of the group's notes: all of them, and corrections
    the county has not answered yet."""
    rows = (
        GuidanceNote.objects.filter(group=group)
        .values("county_id")
        .annotate(
            notes=Count("id"),
            open_corrections=Count("id", filter=Q(kind=GuidanceNote.Kind.CORRECTION, responded_at__isnull=True)),
        )
        .order_by()
    )
    return {row.pop("county_id"): row for row in rows}


def group_overview(user: User, group: WorkingGroup) -> list[dict]:
    """The group page's rows: the comparison row of each county the group supervises, with the group's
    note counts. New dicts, because the comparison rows are cached values."""
    notes = guidance_note_counts(group)
    no_notes = {"notes": 0, "open_corrections": 0}
    return [{**row, **notes.get(row["county_id"], no_notes)} for row in county_comparison(user, group=group)]
