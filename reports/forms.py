from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from tracker.forms import check_upload
from tracker.models import Figure, Indicator, LedgerImport, ReportingPeriod
from tracker.selectors.periods import current_period, period_choices

from .models import ExtractedFigure, TriggerSuggestion

REPORT_EXTENSIONS = (".txt", ".docx", ".doc", ".wps", ".pdf", ".png", ".jpg", ".jpeg")


class ReportUploadForm(forms.Form):
    county = forms.ModelChoiceField(label="县", queryset=None, empty_label=None)
    period = forms.ModelChoiceField(label="报告期", queryset=ReportingPeriod.objects.select_related("campaign"))
    file = forms.FileField(
        label="进展报告文件",
        help_text="支持 Word（.docx/.doc/.wps）、PDF、图片和文本文件",
        error_messages={"empty": "文件为空，请检查后重新上传。"},
    )

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        # Grouped 月 / 周 in date order, the current period chosen; the queryset still validates.
        self.fields["period"].choices = [("", "请选择报告期"), *period_choices()]
        self.fields["period"].initial = current_period()

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], REPORT_EXTENSIONS, "Word、PDF、图片或文本文件")


LEDGER_EXTENSIONS = (".xlsx", ".xls", ".et")


class LedgerUploadForm(forms.Form):
    kind = forms.ChoiceField(label="内容", choices=LedgerImport.Kind.choices)
    file = forms.FileField(
        label="表格文件",
        help_text="Excel（.xlsx、.xls）或 WPS 表格（.et）",
        error_messages={"empty": "文件为空，请检查后重新上传。"},
    )

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], LEDGER_EXTENSIONS, "Excel（.xlsx、.xls）或 WPS 表格（.et）文件")


class QuickSelect(forms.Select):
    """A <select> written in Python: the review page has a form per figure, and rendering every option
    through Django's widget templates was most of the page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], mark_safe(" selected") if option["selected"] else "", option["label"])
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)


class LedgerCorrectionForm(forms.Form):
    """The preview's corrections: the header row and, per column, the field it fills (col_<index>)."""

    header_row = forms.IntegerField(label="表头所在行", min_value=1, max_value=20)

    def __init__(self, *args, columns, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = columns
        for column in columns:
            self.fields[f"col_{column['index']}"] = forms.ChoiceField(
                label=f"{column['letter']}列“{column['name'] or '（空）'}”", choices=choices, required=False
            )

    def mapping(self) -> dict[int, str]:
        return {c["index"]: self.cleaned_data.get(f"col_{c['index']}", "") for c in self.columns}


class ExtractedFigureForm(forms.ModelForm):
    indicator = forms.ModelChoiceField(
        label="指标",
        queryset=Indicator.objects.filter(active=True),
        required=False,
        empty_label="（不计入指标）",
        widget=QuickSelect,
    )

    class Meta:
        model = ExtractedFigure
        fields = ["indicator", "value", "unit", "qualifier", "subject", "decision"]
        widgets = {"qualifier": QuickSelect, "decision": QuickSelect}

    def __init__(self, *args, indicator_choices=None, **kwargs):
        """`indicator_choices`: the indicator list read once for a page of forms instead of once per form."""
        super().__init__(*args, **kwargs)
        if indicator_choices is not None:
            self.fields["indicator"].choices = indicator_choices


class FigureAddForm(forms.Form):
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    value = forms.DecimalField(label="数值", max_digits=20, decimal_places=4)
    unit = forms.CharField(label="单位", max_length=16, required=False)
    qualifier = forms.ChoiceField(label="限定", choices=Figure.Qualifier.choices, initial=Figure.Qualifier.EXACT)
    indicator = forms.ModelChoiceField(
        label="指标", queryset=Indicator.objects.filter(active=True), required=False, empty_label="（不计入指标）"
    )

    def __init__(self, *args, text_length, **kwargs):
        super().__init__(*args, **kwargs)
        self.text_length = text_length

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and not (start < end <= self.text_length and end - start <= 200):
            raise forms.ValidationError("所选文字位置无效，请重新选择。")
        return data


class TriggerSuggestionDecisionForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in (TriggerSuggestion.Status.ACCEPTED, TriggerSuggestion.Status.REJECTED)],
        error_messages={"invalid_choice": "无效的操作。", "required": "请选择采纳或忽略。"},
    )
