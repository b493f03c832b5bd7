"""The comparison's filters, all in the URL (a GET form). Bad or stale values never break the page: the
form reports them and the comparison falls back to the defaults."""

from django import forms

from tracker.models import Campaign, Indicator, ReportingPeriod

from .selectors import ComparisonQuery, default_campaign, default_period, visible_area

ABSOLUTE, PER_THOUSAND = "absolute", "per_thousand"


def _chosen(value, queryset):
    """The object `value` names in `queryset`, or None for a missing or malformed value."""
    return queryset.filter(pk=value).first() if value and str(value).isdigit() else None


class ComparisonForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label="主题教育", queryset=Campaign.objects.order_by("-start_date"), required=False, empty_label=None
    )
    kind = forms.ChoiceField(label="周期", choices=ReportingPeriod.Kind.choices, required=False)
    since = forms.ModelChoiceField(
        label="起始期", queryset=ReportingPeriod.objects.none(), required=False, empty_label="（单期）"
    )
    period = forms.ModelChoiceField(label="截至期", queryset=ReportingPeriod.objects.none(), required=False)
    # The area is chosen by the cascade or the search on the page, never from a list of every area.
    area = forms.IntegerField(required=False, widget=forms.HiddenInput)
    indicator = forms.ModelChoiceField(
        label="指标",
        queryset=Indicator.objects.filter(active=True).order_by("category", "code"),
        required=False,
        empty_label="（仅检视问题与整改）",
    )
    measure = forms.ChoiceField(
        label="口径", choices=[(ABSOLUTE, "绝对数"), (PER_THOUSAND, "每千名党员")], required=False
    )

    def __init__(self, data, *, user):
        # The defaults are written into the data, so the page without parameters shows what it compares.
        data = data.copy()
        campaign = _chosen(data.get("campaign"), Campaign.objects.all()) or default_campaign()
        kind = data.get("kind") if data.get("kind") in ReportingPeriod.Kind.values else ReportingPeriod.Kind.MONTH
        periods = ReportingPeriod.objects.filter(campaign=campaign, kind=kind).order_by("start_date")
        if not _chosen(data.get("period"), periods):
            period = default_period(campaign, kind)
            data["period"] = period.pk if period else ""
            if not _chosen(data.get("since"), periods):
                data["since"] = ""
        data["campaign"] = campaign.pk if campaign else ""
        data["kind"] = kind
        super().__init__(data)
        self.label_suffix = "："
        self.user = user
        self.fields["since"].queryset = self.fields["period"].queryset = periods
        self.fields["period"].empty_label = None

    def clean_area(self):
        area_id = self.cleaned_data.get("area")
        if area_id is None:
            return None
        area = visible_area(self.user, area_id)
        if area is None:
            raise forms.ValidationError("没有找到该地区，或您无权查看。")
        return area

    def clean(self):
        cleaned = super().clean()
        since, period = cleaned.get("since"), cleaned.get("period")
        if since and period and since.start_date > period.start_date:
            self.add_error("since", "起始期不能晚于截至期。")
        return cleaned

    def query(self) -> ComparisonQuery:
        """The comparison asked for; a field given wrong is left out (the form says why)."""
        self.is_valid()
        cleaned = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        period, since = cleaned.get("period"), cleaned.get("since")
        return ComparisonQuery(
            period=period,
            since=since if since and since != period else None,
            area=cleaned.get("area"),
            indicator=cleaned.get("indicator"),
            per_thousand=cleaned.get("measure") == PER_THOUSAND,
        )
