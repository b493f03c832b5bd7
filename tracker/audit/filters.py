"""Filters of the audit trail page: time range, user, event, outcome, county and object."""

import django_filters
from django import forms
from django.db.models import Q

from tracker.models import Area

from .models import AuditEvent


def _day_filter(label, lookup_expr):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return django_filters.DateFilter(label=label, field_name="created_at", lookup_expr=lookup_expr, widget=widget)


class AuditEventFilter(django_filters.FilterSet):
    since = _day_filter("日期从", "date__gte")
    until = _day_filter("日期至", "date__lte")
    username = django_filters.CharFilter(label="用户名", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label="事件", empty_label="全部", choices=AuditEvent.Kind.choices)
    outcome = django_filters.ChoiceFilter(label="结果", empty_label="全部", choices=AuditEvent.Outcome.choices)
    county = django_filters.ModelChoiceFilter(
        label="县", empty_label="全部", queryset=Area.objects.filter(level=Area.Level.COUNTY)
    )
    obj = django_filters.CharFilter(label="对象（名称或编号）", method="search_object")

    class Meta:
        model = AuditEvent
        fields = ["since", "until", "username", "kind", "outcome", "county", "obj"]

    @property
    def form(self):
        form = super().form
        form.label_suffix = "："
        return form

    def search_object(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(object_repr__icontains=value) | Q(object_id=value)) if value else queryset
