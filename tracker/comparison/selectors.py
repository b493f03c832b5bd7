"""Reads for the comparison. Every function takes the user and goes through selectors.counties_for; the
page, its chart, its exports and the export jobs all read `comparison_counties`."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    When,
    Window,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, NullIf, Rank
from django.utils import timezone

from tracker.models import Area, Campaign, DeadlineExtension, Indicator, ReportingPeriod
from tracker.selectors.scope import counties_for


@dataclass(frozen=True)
class ComparisonQuery:
    """What the comparison shows: the ledger as of `period`'s end beside `period`'s confirmed reports;
    with `since` (a range), also what the ledger gained from `since`'s start to `period`'s end."""

    period: ReportingPeriod | None
    since: ReportingPeriod | None = None
    area: Area | None = None
    indicator: Indicator | None = None
    per_thousand: bool = False


def default_campaign():
    return Campaign.objects.order_by("-start_date", "-pk").first()


def default_period(campaign, kind, today=None):
    """The campaign's latest period of `kind` that confirmed reports cover (reports come after their
    period ends, so the period under way has none yet); else the latest that has begun; else the first."""
    periods = ReportingPeriod.objects.filter(campaign=campaign, kind=kind).order_by("-start_date")
    return (
        periods.filter(county_summaries__reported_found__isnull=False).first()
        or periods.filter(start_date__lte=today or timezone.localdate()).first()
        or periods.last()
    )


def period_before(period):
    """The period of the same campaign and kind just before `period`, or None."""
    return (
        ReportingPeriod.objects.filter(campaign=period.campaign_id, kind=period.kind, start_date__lt=period.start_date)
        .order_by("-start_date")
        .first()
    )


def _rate(closed, found):
    """closed / found in percent, NULL when nothing was found."""
    return Case(
        When(**{f"{found.name}__gt": 0}, then=Cast(closed, FloatField()) * 100.0 / Cast(found, FloatField())),
        default=None,
        output_field=FloatField(),
    )


def comparison_counties(user, query: ComparisonQuery):
    """The user's counties (within `query.area`), annotated with the period's figures and ranked by the
    ledger's closure rate (highest first; counties with an empty ledger after them, by area and name).

    Annotations: parent_name, rank, items_found, items_closed, items_overdue, ledger_rate, reported_found,
    reported_closed, reported_rate, report_id, differs, extensions (approved deadline extensions, 延期), and with a range new_found and new_closed, with
    an indicator indicator_value. With per_thousand, counts are per 1,000 party members (rates are not).
    """
    counties = _counties_in(user, query)
    at_end = Q(period_summaries__period=query.period) if query.period else Q(period_summaries__period__isnull=True)
    counties = counties.annotate(at_end=FilteredRelation("period_summaries", condition=at_end))
    members = NullIf(F("party_member_count"), 0)

    def shown(expression):
        if not query.per_thousand:
            return expression
        return Cast(expression, FloatField()) * 1000.0 / Cast(members, FloatField())

    found, closed = F("at_end__items_found"), F("at_end__items_closed")
    annotations = {
        "parent_name": F("parent__name"),
        "ledger_rate": _rate(closed, found),
        "reported_rate": _rate(F("at_end__reported_closed"), F("at_end__reported_found")),
        "items_found": shown(found),
        "items_closed": shown(closed),
        "items_overdue": shown(F("at_end__items_overdue_open")),
        "reported_found": shown(F("at_end__reported_found")),
        "reported_closed": shown(F("at_end__reported_closed")),
        "report_id": F("at_end__report_id"),
        "differs": F("at_end__reported_differs"),
        "extensions": _approved_extensions(),
    }
    if query.since is not None:
        before = period_before(query.since)
        if before is None:
            annotations["new_found"], annotations["new_closed"] = shown(found), shown(closed)
        else:
            counties = counties.annotate(
                at_start=FilteredRelation("period_summaries", condition=Q(period_summaries__period=before))
            )
            annotations["new_found"] = shown(found - Coalesce(F("at_start__items_found"), 0))
            annotations["new_closed"] = shown(closed - Coalesce(F("at_start__items_closed"), 0))
    if query.indicator is not None:
        value = Cast(KeyTextTransform(query.indicator.code, "at_end__reported_values"), FloatField())
        annotations["indicator_value"] = shown(value)
    counties = counties.annotate(**annotations)
    ranking = [F("ledger_rate").desc(nulls_last=True)]
    counties = counties.annotate(rank=Window(Rank(), order_by=ranking)).order_by("rank", "parent_name", "name", "pk")
    return counties if query.period else counties.none()  # no period set up yet: an empty table


def _counties_in(user, query: ComparisonQuery):
    """The user's counties within `query.area`."""
    counties = counties_for(user)
    return counties if query.area is None else counties.filter(path__startswith=query.area.path)


def _approved_extensions():
    """The county's approved deadline extensions (延期), counted by one subquery per county row."""
    approved = DeadlineExtension.objects.filter(
        item__county=OuterRef("pk"), status=DeadlineExtension.Status.APPROVED
    ).order_by()
    counted = approved.values("item__county").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# Columns of the exports and of the export job, in order: (heading, annotation).
def export_columns(query: ComparisonQuery):
    unit = "（每千名党员）" if query.per_thousand else ""
    columns = [
        ("排名", "rank"),
        ("县", "name"),
        ("上级地区", "parent_name"),
        (f"检视问题{unit}（已确认报告）", "reported_found"),
        (f"完成整改{unit}（已确认报告）", "reported_closed"),
        ("整改完成率%（已确认报告）", "reported_rate"),
        (f"问题数{unit}（整改台账）", "items_found"),
        (f"已销号{unit}（整改台账）", "items_closed"),
        ("销号率%（整改台账）", "ledger_rate"),
        (f"逾期未销号{unit}（整改台账）", "items_overdue"),
        ("延期（已批准）", "extensions"),
    ]
    if query.since is not None:
        columns += [(f"区间新增问题{unit}（整改台账）", "new_found"), (f"区间新增销号{unit}（整改台账）", "new_closed")]
    if query.indicator is not None:
        columns.append((f"{query.indicator.name_zh}{unit}（已确认报告）", "indicator_value"))
    columns.append(("报告与台账", "agreement"))
    return columns


def agreement(row) -> str:
    """一致 / 不一致 / 未报告 for a row of comparison_counties (the rule: tracker.summary.AGREEMENT_RULE)."""
    if row["reported_found"] is None and row["reported_closed"] is None:
        return "未报告"
    return "不一致" if row["differs"] else "一致"


def _rounded(value):
    return round(value, 1) if isinstance(value, float) else value


def comparison_rows(user, query: ComparisonQuery, chunk_size: int = 2000) -> Iterator[tuple]:
    """The comparison for the user's scope and filters as tuples in export_columns order, streamed from
    the database in chunks: what the .xlsx/.csv exports and the export jobs write."""
    names = [name for _, name in export_columns(query) if name != "agreement"]
    fields = [*names, "differs"]
    for row in comparison_counties(user, query).values(*fields).iterator(chunk_size=chunk_size):
        yield (*(_rounded(row[name]) for name in names), agreement(row))


def comparison_export(user, query: ComparisonQuery):
    """(title, headers, rows) of the comparison's export for the user's scope and filters: what the direct
    download and the export job write."""
    title = f"各县对比-{query.period.label}" if query.period else "各县对比"
    return title, [heading for heading, _ in export_columns(query)], comparison_rows(user, query)


def comparison_export_size(user, query: ComparisonQuery) -> int:
    """How many rows the export holds: the user's counties within the area (none without a period)."""
    return _counties_in(user, query).count() if query.period else 0


def comparison_chart(rows):
    """Chart-ready data for the rows on the page (in the table's order): found versus closed per county, as
    the ledger counts them and as the confirmed reports say."""
    rows = list(rows)
    return {
        "labels": [r.name for r in rows],
        "datasets": [
            {"label": "台账问题数", "data": [_rounded(r.items_found) for r in rows]},
            {"label": "台账已销号", "data": [_rounded(r.items_closed) for r in rows]},
            {"label": "报告检视问题", "data": [_rounded(r.reported_found) for r in rows]},
            {"label": "报告完成整改", "data": [_rounded(r.reported_closed) for r in rows]},
        ],
    }


# ---- the area filter: a cascade and a search, never a list of every county ---------------------------

AREA_SEARCH_LIMIT = 20


def _holding_scope(areas, user):
    """Areas under which the user sees at least one county."""
    return areas.filter(Exists(counties_for(user).filter(path__startswith=OuterRef("path"))))


def area_cascade(user, area):
    """(trail, children) for the area filter: the areas from the top of the user's view down to `area`
    (None: the top), and the areas one level below it that hold counties the user sees."""
    if area is None:
        children = Area.objects.filter(parent__isnull=True)
        trail = []
    else:
        children = Area.objects.filter(parent=area)
        ids = [int(pk) for pk in area.path.split("/") if pk]
        trail = sorted(Area.objects.filter(pk__in=ids), key=lambda a: len(a.path))
    return trail, list(_holding_scope(children, user).exclude(level=Area.Level.COUNTY).order_by("name"))


def area_search(user, text):
    """Up to AREA_SEARCH_LIMIT areas whose name contains `text` and that hold counties the user sees,
    each with the names of the areas above it: [{id, name, level, trail}]."""
    text = text.strip()
    if not text:
        return []
    areas = list(_holding_scope(Area.objects.filter(name__contains=text), user).order_by("path")[:AREA_SEARCH_LIMIT])
    above = {int(pk) for a in areas for pk in a.path.split("/")[:-2] if pk}
    names = dict(Area.objects.filter(pk__in=above).values_list("pk", "name"))
    return [
        {
            "id": a.pk,
            "name": a.name,
            "level": a.get_level_display(),
            "trail": " / ".join(names[int(pk)] for pk in a.path.split("/")[:-2] if pk and int(pk) in names),
        }
        for a in areas
    ]


def visible_area(user, area_id):
    """The area if it holds counties the user sees, else None (an area outside the scope is no filter)."""
    return _holding_scope(Area.objects.filter(pk=area_id), user).first()
