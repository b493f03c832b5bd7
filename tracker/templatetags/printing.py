"""The block printed on top of a page (A4 print layout): the page, who printed it when, and the filters
that were active, named as users chose them (a county's name, not its id)."""

from django import template
from django.utils import timezone

from tracker.models import Area, Campaign, Indicator, ReportingPeriod

register = template.Library()

# Query parameters that are filters, with their label and how to name a chosen value; others (page, sort,
# export) only move around the page and are not printed.
FILTERS = {
    "campaign": ("主题教育", lambda v: Campaign.objects.filter(pk=v).first()),
    "kind": ("周期", lambda v: ReportingPeriod.Kind(v).label if v in ReportingPeriod.Kind.values else None),
    "since": ("起始期", lambda v: ReportingPeriod.objects.filter(pk=v).first()),
    "period": ("截至期", lambda v: ReportingPeriod.objects.filter(pk=v).first()),
    "area": ("地区", lambda v: Area.objects.filter(pk=v).first()),
    "county": ("县", lambda v: Area.objects.filter(pk=v).first()),
    "indicator": ("指标", lambda v: Indicator.objects.filter(pk=v).first()),
    "measure": ("口径", {"absolute": "绝对数", "per_thousand": "每千名党员"}.get),
}


def active_filters(params):
    """[(label, value)] of the known filters in `params` (a QueryDict), named as users chose them; a value
    that names nothing is printed as given."""
    shown = []
    for key in params:
        if key not in FILTERS:
            continue
        label, lookup = FILTERS[key]
        for value in params.getlist(key):
            if not value:
                continue
            named = lookup(value) if value.isdigit() or key in ("kind", "measure") else None
            shown.append((label, str(named) if named is not None else value))
    return shown


@register.inclusion_tag("tracker/_print_header.html", takes_context=True)
def print_header(context, title):
    request = context["request"]
    return {
        "title": title,
        "filters": active_filters(request.GET),
        "user": request.user,
        "printed_at": timezone.localtime(),
    }
