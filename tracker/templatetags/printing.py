"""The block printed on top of a page (A4 print layout): the page, who printed it when, and the filters
that were active, named as users chose them (a county's name, not its id)."""

from django import template
from django.utils import timezone

from tracker.models import Area, Campaign, Indicator, ReportingPeriod

register = template.Library()

# Query parameters that are filters, with their label and how to name a chosen value.
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
# Parameters that only move around the page, never printed.
NOT_FILTERS = {"page", "export", "sort", "per_page"}


def active_filters(params):
    """[(label, value)] of the filters in `params` (a QueryDict), ids named; unknown filters as given."""
    shown = []
    for key in params:
        if key in NOT_FILTERS:
            continue
        for value in params.getlist(key):
            if not value:
                continue
            label, lookup = FILTERS.get(key, (key, None))
            named = lookup(value) if lookup and (value.isdigit() or key in ("kind", "measure")) else None
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
