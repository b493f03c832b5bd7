from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from tracker.permissions import may_read_audit_trail

from .filters import AuditEventFilter
from .selectors import audit_events

EVENTS_PER_PAGE = 50


@login_required
def audit_event_list(request):
    if not may_read_audit_trail(request.user):
        raise Http404("没有找到该页面。")
    filterset = AuditEventFilter(request.GET or None, queryset=audit_events())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {
            "filter": filterset,
            "page": Paginator(filterset.qs, EVENTS_PER_PAGE).get_page(request.GET.get("page")),
            "query": query.urlencode(),
        },
    )
