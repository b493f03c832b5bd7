"""A county's figures as they stood at the end of each reporting period: the ledger counted item by item,
and the latest figures the county reported for any period (week or month) that had ended by then.

Reported figures are cumulative, so a county that did not report in a period keeps its last value.
"""

from django.db.models import Count, Max, Q

from ..models import Figure, RectificationItem
from ..selectors import CLOSED, FOUND

LEDGER_FIELDS = ("found", "closed", "overdue")
REPORTED_FIELDS = {FOUND: "reported_found", CLOSED: "reported_closed"}


def ledger_at_period_ends(counties, periods):
    """{period_id: {county_id: {"found", "closed", "overdue"}}}, in one query. An item counts as found
    once entered, closed once its closed date has passed, overdue when its deadline had passed by the
    period end and it was not closed by then (as tracker.selectors.ledger_period_figures counts)."""
    periods = list(periods)
    if not periods:
        return {}
    closed = RectificationItem.Status.CLOSED
    aggregates = {}
    for p in periods:
        entered = Q(created_at__date__lte=p.end_date)
        closed_by_end = Q(status=closed, closed_date__lte=p.end_date)
        aggregates[f"found_{p.pk}"] = Count("id", filter=entered)
        aggregates[f"closed_{p.pk}"] = Count("id", filter=entered & closed_by_end)
        aggregates[f"overdue_{p.pk}"] = Count("id", filter=entered & Q(deadline__lt=p.end_date) & ~closed_by_end)
    rows = RectificationItem.objects.filter(county__in=counties).values("county_id").annotate(**aggregates).order_by()
    by_period = {p.pk: {} for p in periods}
    for row in rows:
        for p in periods:
            by_period[p.pk][row["county_id"]] = {name: row[f"{name}_{p.pk}"] for name in LEDGER_FIELDS}
    return by_period


def reported_at_period_ends(counties, periods):
    """{period_id: {county_id: {"reported_found", "reported_closed"}}}: the values of the latest-ending
    reported period (week or month) that ended by each period's end. Several figures of one indicator in
    a period count as their largest, as in tracker.selectors.latest_reported_values."""
    periods = sorted(periods, key=lambda p: p.end_date)
    if not periods:
        return {}
    rows = (
        Figure.objects.filter(
            county__in=counties, indicator__code__in=list(REPORTED_FIELDS), period__end_date__lte=periods[-1].end_date
        )
        .values("county_id", "indicator__code", "period__end_date")
        .annotate(value=Max("value"))
        .order_by("period__end_date", "value")
    )
    rows = list(rows)
    latest, by_period, i = {}, {}, 0
    for p in periods:
        while i < len(rows) and rows[i]["period__end_date"] <= p.end_date:
            row = rows[i]
            latest.setdefault(row["county_id"], {})[REPORTED_FIELDS[row["indicator__code"]]] = int(row["value"])
            i += 1
        by_period[p.pk] = {county_id: dict(values) for county_id, values in latest.items()}
    return by_period


def county_period_figures(counties, periods):
    """{period_id: {county_id: {found, closed, overdue, reported_found, reported_closed}}}; a county
    without items counts zeros, a figure it never reported is None."""
    periods = list(periods)
    ledger = ledger_at_period_ends(counties, periods)
    reported = reported_at_period_ends(counties, periods)
    county_ids = [c.pk for c in counties]
    no_items = dict.fromkeys(LEDGER_FIELDS, 0)
    return {
        p.pk: {
            county_id: {
                **ledger[p.pk].get(county_id, no_items),
                **dict.fromkeys(REPORTED_FIELDS.values()),
                **reported[p.pk].get(county_id, {}),
            }
            for county_id in county_ids
        }
        for p in periods
    }
