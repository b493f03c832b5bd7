"""A county's figures as they stood at the end of each reporting period, read from the per-county,
per-period summary (tracker.models.CountyPeriodSummary, kept by tracker.summary): the ledger counted at
the period's end, and the latest figures the county reported for any period (week or month) that had
ended by then. Reported figures are cumulative, so a county that did not report keeps its last value.
"""

from ..models import CountyPeriodSummary

REPORTED_FIELDS = ("reported_found", "reported_closed")


def ledger_at_period_ends(counties, periods):
    """{period_id: {county_id: {"found", "closed", "overdue"}}} from the summary rows, in one query."""
    by_period = {p.pk: {} for p in periods}
    rows = CountyPeriodSummary.objects.filter(county__in=counties, period__in=list(periods)).values_list(
        "period_id", "county_id", "items_found", "items_closed", "items_overdue_open"
    )
    for period_id, county_id, found, closed, overdue in rows:
        by_period[period_id][county_id] = {"found": found, "closed": closed, "overdue": overdue}
    return by_period


def reported_at_period_ends(counties, periods):
    """{period_id: {county_id: {"reported_found", "reported_closed"}}}: each figure from the latest-ending
    period (week or month) the county reported it for by that period's end; of a week and a month that
    end on the same day, the larger."""
    periods = sorted(periods, key=lambda p: p.end_date)
    if not periods:
        return {}
    rows = list(
        CountyPeriodSummary.objects.filter(county__in=counties, period__end_date__lte=periods[-1].end_date)
        .exclude(reported_found__isnull=True, reported_closed__isnull=True)
        .values_list("county_id", "period__end_date", *REPORTED_FIELDS)
        .order_by("period__end_date")
    )
    latest, by_period, i = {}, {}, 0
    for p in periods:
        while i < len(rows) and rows[i][1] <= p.end_date:
            county_id, end_date, *values = rows[i]
            county = latest.setdefault(county_id, {})
            for field, value in zip(REPORTED_FIELDS, values, strict=True):
                if value is None:
                    continue
                previous = county.get(field)
                same_day = previous is not None and previous[0] == end_date
                county[field] = (end_date, max(value, previous[1]) if same_day else value)
            i += 1
        by_period[p.pk] = {
            county_id: {field: value for field, (_, value) in figures.items()} for county_id, figures in latest.items()
        }
    return by_period


def county_period_figures(counties, periods):
    """{period_id: {county_id: {found, closed, overdue, reported_found, reported_closed}}}; a county
    without summary rows counts zeros, a figure it never reported is None."""
    periods = list(periods)
    ledger = ledger_at_period_ends(counties, periods)
    reported = reported_at_period_ends(counties, periods)
    no_items = {"found": 0, "closed": 0, "overdue": 0}
    no_report = dict.fromkeys(REPORTED_FIELDS)
    return {
        p.pk: {
            c.pk: {**ledger[p.pk].get(c.pk, no_items), **no_report, **reported[p.pk].get(c.pk, {})} for c in counties
        }
        for p in periods
    }
