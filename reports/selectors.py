"""Reads for reports, always scoped through tracker.selectors.counties_for."""
from django.conf import settings
from django.http import Http404

from tracker.models import CATEGORIES
from tracker.selectors import VIEW, counties_for

from .models import Report


def reports_for(user, action=VIEW):
    reports = Report.objects.filter(county__in=counties_for(user, action))
    return reports.select_related("county", "period", "uploaded_by")


def report_for(user, report_id, action=VIEW):
    """The report if `user` may see (or change) it, else 404."""
    report = reports_for(user, action).filter(pk=report_id).first()
    if report is None:
        raise Http404("没有找到该报告，或您无权查看。")
    return report


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
