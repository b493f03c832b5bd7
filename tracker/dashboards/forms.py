"""Forms of the dashboards: the trend page's scope and the bulletin request."""

from django import forms

from ..bulletins import bulletin_periods, bulletin_scopes_for


class BulletinRequestForm(forms.Form):
    period = forms.ModelChoiceField(
        label="报告期", queryset=None, error_messages={"invalid_choice": "请选择已结束的报告期。"}
    )
    scope = forms.ChoiceField(label="范围", error_messages={"invalid_choice": "您不能生成该范围的通报。"})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = bulletin_periods()
        self.fields["period"].label_from_instance = lambda p: f"{p.label}（{p.get_kind_display()}）"
        self.fields["scope"].choices = bulletin_scopes_for(user)
