"""Cells of the long tables (the ledger list, the comparison), whose rows are written by a plain template
loop: django-tables2's per-cell rendering was most of those pages' time."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from tracker.comparison.selectors import agreement
from tracker.selectors.lights import LIGHTS

register = template.Library()


@register.filter
def light_label(light):
    return LIGHTS[light]


def _number(value):
    """Counts as they are; per-thousand figures (floats) to one decimal."""
    return f"{value:.1f}" if isinstance(value, float) else value


@register.filter
def rate(value):
    return "—" if value is None else f"{value:.1f}%"


@register.simple_tag
def reported_cell(county, value, empty):
    """A figure from the county's confirmed report for the period, linked to that report."""
    if value is None:
        return empty
    if county.report_id is None:  # entered by hand: no report to link
        return _number(value)
    url = reverse("report_review", args=[county.report_id])
    return format_html('<a href="{}" title="来源：已确认的进展报告">{}</a>', url, _number(value))


@register.simple_tag
def ledger_cell(county, value):
    """A figure counted from the county's ledger, linked to its items."""
    if value is None:
        return 0
    url = reverse("rectification_list")
    return format_html('<a href="{}?county={}" title="来源：整改台账逐条统计">{}</a>', url, county.pk, _number(value))


@register.simple_tag
def agreement_cell(county):
    text = agreement({"reported_found": county.reported_found, "reported_closed": county.reported_closed,
                      "differs": county.differs})
    if text == "不一致":
        return format_html('<span class="flag-differs" title="超出页面所述容差">{}</span>', text)
    if text == "未报告":
        return format_html('<span class="muted">{}</span>', text)
    return text
