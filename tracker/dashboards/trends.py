"""Week-by-week trends of a county or an area: the cumulative figures at each week's end, their change on
the week before, and every cumulative figure that went down (a county reporting fewer problems found than
the week before has corrected or misreported something, and a leader wants to see it)."""

from django.http import Http404
from django.utils import timezone

from ..models import Area, Campaign, ReportingPeriod
from ..selectors.scope import counties_for
from .period_figures import county_period_figures

# (key, label, cumulative): cumulative figures never go down in a sound series; overdue items may.
SERIES = (
    ("reported_found", "检视查摆问题（报告）", True),
    ("reported_closed", "完成整改问题（报告）", True),
    ("found", "台账问题", True),
    ("closed", "台账已销号", True),
    ("overdue", "台账逾期", False),
)
LABELS = {key: label for key, label, _ in SERIES}


def weeks_of(campaign, today=None):
    """The campaign's weeks that have begun, in date order."""
    today = today or timezone.localdate()
    return list(
        ReportingPeriod.objects.filter(campaign=campaign, kind=ReportingPeriod.Kind.WEEK, start_date__lte=today).order_by(
            "start_date"
        )
    )


def current_campaign(today=None):
    """The campaign of the latest week that has begun (else the latest campaign), or None."""
    today = today or timezone.localdate()
    week = (
        ReportingPeriod.objects.filter(kind=ReportingPeriod.Kind.WEEK, start_date__lte=today)
        .select_related("campaign")
        .order_by("-start_date")
        .first()
    )
    return week.campaign if week else Campaign.objects.order_by("-start_date").first()


def trend_campaign(value, today=None):
    """The campaign `value` (an id from the URL) names, else current_campaign() for a missing or stale one."""
    chosen = Campaign.objects.filter(pk=value).first() if value and str(value).isdigit() else None
    return chosen or current_campaign(today)


def trend_campaigns():
    """The campaigns the trend page offers, the latest first."""
    return Campaign.objects.order_by("-start_date", "-pk")


def trend_scope(user, *, county_id=None, area_id=None):
    """(counties, area, title): one county, the user's counties within an area, or all the user's
    counties (area None). A county or area outside the user's scope does not exist for them (404)."""
    counties = counties_for(user)
    if county_id is not None:
        county = counties.filter(pk=county_id).first()
        if county is None:
            raise Http404("没有找到该县，或您无权查看。")
        return counties.filter(pk=county.pk), county, county.name
    if area_id is not None:
        area = Area.objects.filter(pk=area_id).first()
        within = counties.filter(path__startswith=area.path) if area else counties.none()
        if not within.exists():
            raise Http404("没有找到该地区，或您无权查看。")
        return within, area, area.name
    return counties, None, "全部可见县"


def trend_counties_below(user, area):
    """The user's counties directly under `area` (a city's counties), to open one county's trend."""
    if area is None or area.is_county:
        return []
    return list(counties_for(user).filter(parent=area).order_by("name"))


def _change(value, previous):
    if value is None or previous is None:
        return None
    return value - previous


def _total(figures, key):
    values = [f[key] for f in figures if f[key] is not None]
    return sum(values) if values else None


def weekly_trend(counties, weeks):
    """{"weeks": [{period, values: {key: {value, change, decreased}}, cells}], "decreases": [...]}.

    A week's value is the sum over `counties` at the week's end (a reported figure counts the counties
    that have reported by then; None when none has). `change` is the difference from the week before;
    `decreased` marks a cumulative figure below the week before; `cells` are the values in SERIES order. `decreases` lists each county and
    week in which one of its own cumulative figures went down: {period, county, label, before, after}.
    """
    counties = list(counties)
    names = {c.pk: c.name for c in counties}
    figures = county_period_figures(counties, weeks)
    rows, decreases, previous, previous_by_county = [], [], {}, {}
    for week in weeks:
        by_county = figures[week.pk]
        values = {}
        for key, _, cumulative in SERIES:
            value = _total(by_county.values(), key)
            change = _change(value, previous.get(key))
            values[key] = {"value": value, "change": change, "decreased": cumulative and change is not None and change < 0}
            previous[key] = value
        for county_id, county_figures in by_county.items():
            before = previous_by_county.get(county_id, {})
            for key, label, cumulative in SERIES:
                old, new = before.get(key), county_figures[key]
                if cumulative and old is not None and new is not None and new < old:
                    decreases.append({"period": week, "county": names[county_id], "label": label, "before": old, "after": new})
        previous_by_county = by_county
        rows.append({"period": week, "values": values, "cells": [values[key] for key, _, _ in SERIES]})
    return {"weeks": rows, "decreases": decreases}


def weekly_trend_chart(trend):
    """Chart-ready data of the cumulative series; `decreased` per point lets the page mark a drop."""
    return {
        "labels": [row["period"].label for row in trend["weeks"]],
        "datasets": [
            {
                "label": label,
                "data": [row["values"][key]["value"] for row in trend["weeks"]],
                "decreased": [row["values"][key]["decreased"] for row in trend["weeks"]],
            }
            for key, label, cumulative in SERIES
            if cumulative
        ],
    }
