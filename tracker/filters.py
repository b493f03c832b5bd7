"""Filters for the county's working book. Each is given a queryset already scoped by selectors.counties_for."""

import django_filters
from django import forms
from django.db.models import Q

from .models import Area, RectificationItem, ResearchTopic, StudySession
from .selectors.lights import LIGHTS


class CountyScopedFilterSet(django_filters.FilterSet):
    """The county choice lists only the counties present in the scoped queryset."""

    county = django_filters.ModelChoiceFilter(label="县", queryset=Area.objects.none(), empty_label="全部")

    def __init__(self, data=None, queryset=None, *, counties, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["county"].queryset = counties

    @property
    def form(self):
        # Built on first use, after subclasses have scoped their choices; Chinese punctuation after labels.
        form = super().form
        form.label_suffix = "："
        return form


def _date_filter(label, lookup_expr, field_name):
    """A date filter the browser offers a date picker for."""
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return django_filters.DateFilter(label=label, field_name=field_name, lookup_expr=lookup_expr, widget=widget)


class RectificationItemFilter(CountyScopedFilterSet):
    q = django_filters.CharFilter(label="关键词", method="search")
    light = django_filters.ChoiceFilter(label="预警", empty_label="全部", choices=list(LIGHTS.items()))
    status = django_filters.ChoiceFilter(label="整改状态", empty_label="全部", choices=RectificationItem.Status.choices)
    source = django_filters.ChoiceFilter(label="问题来源", empty_label="全部", choices=RectificationItem.Source.choices)
    level = django_filters.ChoiceFilter(label="问题层级", empty_label="全部", choices=RectificationItem.Level.choices)
    deadline_before = _date_filter("整改时限不晚于", "lte", "deadline")

    class Meta:
        model = RectificationItem
        fields = ["county", "q", "light", "status", "source", "level", "research_topic"]

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, counties=counties, **kwargs)
        self.filters["research_topic"].queryset = ResearchTopic.objects.filter(county__in=counties)
        self.filters["research_topic"].label = "来源调研课题"
        self.filters["research_topic"].extra["empty_label"] = "全部"

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(description__icontains=value)
            | Q(ledger_number__icontains=value)
            | Q(responsible_unit__icontains=value)
            | Q(responsible_person__icontains=value)
        )


class StudySessionFilter(CountyScopedFilterSet):
    q = django_filters.CharFilter(label="主题", field_name="title", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label="类型", empty_label="全部", choices=StudySession.Kind.choices)
    date_from = _date_filter("日期从", "gte", "date")
    date_to = _date_filter("日期至", "lte", "date")

    class Meta:
        model = StudySession
        fields = ["county", "q", "kind"]


class ResearchTopicFilter(CountyScopedFilterSet):
    q = django_filters.CharFilter(label="课题", field_name="title", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label="状态", empty_label="全部", choices=ResearchTopic.Status.choices)

    class Meta:
        model = ResearchTopic
        fields = ["county", "q", "status"]
