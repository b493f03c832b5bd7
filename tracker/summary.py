"""The per-county, per-period summary (tracker.models.CountyPeriodSummary): written here on every report
confirmation and ledger change, read by the comparison, the homes and the light counts.

One refresh recomputes a county's rows from the ledger and the confirmed figures in a fixed number of
queries (the periods, one grouped count over the items, one over the figures, one upsert), whatever the
number of periods; a rebuild does the same for every county at once.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.apps import apps as installed_apps
from django.db.models import Count, Max, Q
from django.utils import timezone

FOUND = "rectify_problems_found"
CLOSED = "rectify_problems_closed"

# A reported figure agrees with the ledger when the two differ by at most TOLERANCE_ITEMS items or by
# TOLERANCE_PERCENT of the ledger's figure, whichever allows more: a report is written days after its
# period ends and may count a few items the ledger had not entered yet, but a larger gap is a real one.
TOLERANCE_ITEMS = 3
TOLERANCE_PERCENT = 2

AGREEMENT_RULE = (
    f"报告数与台账数相差不超过{TOLERANCE_ITEMS}个、或不超过台账数的{TOLERANCE_PERCENT}%（取较大者）视为一致，"
    "超出即标为“不一致”；检视问题数和完成整改数分别比较，未报告的县不作比较。"
)

SUMMARY_FIELDS = (
    "items_found",
    "items_closed",
    "items_overdue_open",
    "report",
    "reported_found",
    "reported_closed",
    "reported_values",
    "reported_differs",
    "updated_at",
)


def figure_agrees(reported: int | None, ledger: int) -> bool:
    """Whether a reported figure agrees with the ledger's within the tolerance (no report: agrees)."""
    if reported is None:
        return True
    return abs(reported - ledger) * 100 <= max(TOLERANCE_ITEMS * 100, TOLERANCE_PERCENT * ledger)


def figures_differ(reported_found: int | None, reported_closed: int | None, found: int, closed: int) -> bool:
    """True when a reported figure exists and disagrees with the ledger beyond the tolerance."""
    return not (figure_agrees(reported_found, found) and figure_agrees(reported_closed, closed))


def summary_refresh(*, county, periods: Iterable | None = None) -> None:
    """Recompute the county's summary rows for `periods` (default: every reporting period)."""
    _refresh(installed_apps, county_ids=[county.pk], periods=periods)


def summaries_rebuild(*, periods: Iterable | None = None, apps=installed_apps) -> int:
    """Recompute every county's rows for `periods` (default: all); returns the number of rows written.
    `apps` is the migration's app registry when a data migration calls it."""
    return _refresh(apps, county_ids=None, periods=periods)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _refresh(apps, *, county_ids, periods) -> int:
    Area = apps.get_model("tracker", "Area")
    ReportingPeriod = apps.get_model("tracker", "ReportingPeriod")
    RectificationItem = apps.get_model("tracker", "RectificationItem")
    Figure = apps.get_model("tracker", "Figure")
    CountyPeriodSummary = apps.get_model("tracker", "CountyPeriodSummary")

    periods = list(ReportingPeriod.objects.all() if periods is None else periods)
    counties = Area.objects.filter(level="county")
    items = RectificationItem.objects.all()
    figures = Figure.objects.filter(source="report", period__in=periods)
    if county_ids is not None:
        counties = counties.filter(pk__in=county_ids)
        items = items.filter(county_id__in=county_ids)
        figures = figures.filter(county_id__in=county_ids)
    county_ids = list(counties.values_list("pk", flat=True))
    if not periods or not county_ids:
        return 0

    aggregates = {}
    for p in periods:
        entered = Q(created_at__date__lte=p.end_date)
        # A closed item without a closed date (an old import) counts as closed from its entry.
        closed_by_end = Q(status="closed") & (Q(closed_date__lte=p.end_date) | Q(closed_date__isnull=True))
        aggregates[f"found_{p.pk}"] = Count("id", filter=entered)
        aggregates[f"closed_{p.pk}"] = Count("id", filter=entered & closed_by_end)
        aggregates[f"overdue_{p.pk}"] = Count("id", filter=entered & Q(deadline__lt=p.end_date) & ~closed_by_end)
    ledger = {row.pop("county_id"): row for row in items.values("county_id").annotate(**aggregates).order_by()}

    reported = {}
    for row in (
        figures.values("county_id", "period_id", "indicator__code")
        .annotate(value=Max("value"), report_id=Max("report_id"))
        .order_by()
    ):
        entry = reported.setdefault((row["county_id"], row["period_id"]), {"report_id": None, "values": {}})
        entry["report_id"] = row["report_id"]
        entry["values"][row["indicator__code"]] = _number(row["value"])

    now = timezone.now()
    rows = []
    for county_id in county_ids:
        counts = ledger.get(county_id, {})
        for p in periods:
            found, closed = counts.get(f"found_{p.pk}", 0), counts.get(f"closed_{p.pk}", 0)
            report = reported.get((county_id, p.pk), {"report_id": None, "values": {}})
            values = report["values"]
            rep_found = int(values[FOUND]) if FOUND in values else None
            rep_closed = int(values[CLOSED]) if CLOSED in values else None
            rows.append(
                CountyPeriodSummary(
                    county_id=county_id,
                    period_id=p.pk,
                    items_found=found,
                    items_closed=closed,
                    items_overdue_open=counts.get(f"overdue_{p.pk}", 0),
                    report_id=report["report_id"],
                    reported_found=rep_found,
                    reported_closed=rep_closed,
                    reported_values=values,
                    reported_differs=figures_differ(rep_found, rep_closed, found, closed),
                    updated_at=now,
                )
            )
    CountyPeriodSummary.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["county", "period"],
        update_fields=SUMMARY_FIELDS,
    )
    return len(rows)
