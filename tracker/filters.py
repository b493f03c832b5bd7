"""Filters for the county's working book. Each is given a queryset already scoped by selectors.counties_for."""

import django_filters
from django import forms
from django.db.models import Q
from django.urls import reverse_lazy

from .models import Area, RectificationItem, ResearchTopic, StudySession
from .selectors import records, scope
from .selectors.lights import LIGHTS, light_filter


class CountySearchInput(forms.TextInput):
    """The county typed by name, with the names offered as one types (static/js/county_search.js asks
    the scoped search at `county_search`): a national scope has thousands of counties, too many to list.
    A county page links with the county's id, shown here as its name."""

    input_type = "search"
    counties = Area.objects.none()

    def __init__(self, attrs=None):
        search = {"placeholder": "输入县名或市名", "autocomplete": "off", "data-county-search": reverse_lazy("county_search")}
        super().__init__({**search, **(attrs or {})})

    def format_value(self, value):
        if value and str(value).isdigit():
            return self.counties.filter(pk=value).values_list("name", flat=True).first() or ""
        return super().format_value(value)


class CountyScopedFilterSet(django_filters.FilterSet):
    """The county filter searches the counties of the scope by name (or takes a county's id)."""

    county = django_filters.CharFilter(label="县", method="in_county", widget=CountySearchInput)

    def __init__(self, data=None, queryset=None, *, counties, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.counties = counties

    @property
    def form(self):
        # Built on first use, after subclasses have scoped their choices; Chinese punctuation after labels.
        form = super().form
        form.label_suffix = "："
        form.fields["county"].widget.counties = self.counties
        return form

    def in_county(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(county_id=int(value))
        return queryset.filter(county__in=self.counties.filter(name__icontains=value))


def _date_filter(label, lookup_expr, field_name):
    """A date filter the browser offers a date picker for."""
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return django_filters.DateFilter(label=label, field_name=field_name, lookup_expr=lookup_expr, widget=widget)


class RectificationItemFilter(CountyScopedFilterSet):
    q = django_filters.CharFilter(label="关键词", method="search")
    light = django_filters.ChoiceFilter(
        label="预警", empty_label="全部", choices=list(LIGHTS.items()), method="with_light"
    )
    status = django_filters.ChoiceFilter(label="整改状态", empty_label="全部", choices=RectificationItem.Status.choices)
    source = django_filters.ChoiceFilter(label="问题来源", empty_label="全部", choices=RectificationItem.Source.choices)
    level = django_filters.ChoiceFilter(label="问题层级", empty_label="全部", choices=RectificationItem.Level.choices)
    deadline_before = _date_filter("整改时限不晚于", "lte", "deadline")
    research_topic = django_filters.CharFilter(
        label="来源调研课题", field_name="research_topic__title", lookup_expr="icontains"
    )

    class Meta:
        model = RectificationItem
        fields = ["county", "q", "light", "status", "source", "level", "research_topic"]

    def with_light(self, queryset, name, value):
        return queryset.filter(light_filter(value))

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


# Each list of the county's book: the rows a user may see, and the filters over them. The list page and
# the export job read rows through here, so an export holds the rows its page listed.
LISTS = {
    "rectification": (records.rectification_items_for, RectificationItemFilter),
    "study": (records.study_sessions_for, StudySessionFilter),
    "research": (records.research_topics_for, ResearchTopicFilter),
}


def list_filter(kind, user, data):
    """The filter set of list `kind` over what `user` may see, bound to the query `data`."""
    rows_for, filterset_class = LISTS[kind]
    return filterset_class(data or None, queryset=rows_for(user), counties=scope.counties_for(user))
