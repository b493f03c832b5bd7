"""Reads for reports, always scoped through tracker.selectors.scope.counties_for."""
from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from tracker.models import CATEGORIES, Indicator
from tracker.permissions import may_manage_catalog
from tracker.selectors.records import one_or_404
from tracker.selectors.scope import VIEW, User, counties_for

from .extraction import Indicator as CatalogEntry
from .models import Report, TriggerSuggestion


def indicator_catalog() -> tuple[CatalogEntry, ...]:
    """The active catalog in the database as extraction input (plain dataclasses, no ORM objects)."""
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


def reports_for(user: User, *, action: str = VIEW) -> QuerySet[Report]:
    reports = Report.objects.filter(county__in=counties_for(user, action=action))
    return reports.select_related("county", "period", "uploaded_by")


def report_for(user: User, report_id: int, *, action: str = VIEW) -> Report:
    """The report if `user` may see (or change) it, else 404."""
    return one_or_404(reports_for(user, action=action), report_id, "没有找到该报告，或您无权查看。")


def figure_colour(figure):
    """The highlight colour of a figure's catalog category; grey when it has no indicator."""
    if figure.indicator is None:
        return "#7f8c8d"
    return CATEGORIES.get(figure.indicator.category, ("", "#7f8c8d"))[1]


def review_segments(report, figures):
    """The report text cut into plain and highlighted pieces, for the review page.

    `figures` sorted by start; one overlapping an earlier figure is listed but not highlighted. Each
    highlight knows the page of the figure list it is on.
    """
    segments, cursor = [], 0
    for index, figure in enumerate(figures):
        if figure.start < cursor or figure.end > len(report.text):
            continue
        if figure.start > cursor:
            segments.append({"text": report.text[cursor:figure.start]})
        segments.append(
            {
                "text": report.text[figure.start : figure.end],
                "figure": figure,
                "colour": figure_colour(figure),
                "page": index // settings.REVIEW_FIGURES_PER_PAGE + 1,
            }
        )
        cursor = figure.end
    segments.append({"text": report.text[cursor:]})
    return segments


def _require_catalog_manager(user):
    if not may_manage_catalog(user):
        raise Http404("没有找到该页面，或您无权查看。")


def trigger_suggestions_for(user, status=TriggerSuggestion.Status.PROPOSED):
    """Suggestions of one status, most often seen first; 404 for anyone but an administrator."""
    _require_catalog_manager(user)
    suggestions = TriggerSuggestion.objects.filter(status=status).select_related("indicator", "decided_by")
    return suggestions.prefetch_related("counties", "reports").order_by("-times_seen", "phrase", "pk")


def trigger_suggestion_rows(suggestions):
    """Each suggestion with the other active indicator whose trigger its phrase already is, if any
    (accepting it would be refused), and the latest report it was seen in."""
    owners = {}
    for indicator in Indicator.objects.filter(active=True):
        for trigger in indicator.trigger_list:
            owners.setdefault(trigger, []).append(indicator)
    return [
        {
            "suggestion": s,
            "owner": next((i for i in owners.get(s.phrase, ()) if i.pk != s.indicator_id), None),
            "report": max(s.reports.all(), key=lambda r: r.pk, default=None),
        }
        for s in suggestions
    ]


def trigger_suggestion_for(user, suggestion_id):
    """One suggestion for an administrator; 404 for anyone else or an unknown id."""
    _require_catalog_manager(user)
    return one_or_404(TriggerSuggestion.objects.select_related("indicator"), suggestion_id, "没有找到该建议。")
