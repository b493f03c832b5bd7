"""Forms validate and normalise user input; tracker.services writes it."""

import copy

from django import forms
from django.conf import settings

from .models import GuidanceNote, RectificationItem, ResearchTopic, StudySession, WorkingGroup
from .services.rectification_items import EDITABLE_FIELDS, EVIDENCE_EXTENSIONS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def check_upload(uploaded, extensions, kind_label):
    """The one check of an uploaded file's type and size (UPLOAD_MAX_BYTES) for every upload form."""
    if not uploaded.name.lower().endswith(extensions):
        raise forms.ValidationError(f"不支持该文件类型，请上传{kind_label}。")
    if uploaded.size == 0:
        raise forms.ValidationError("文件为空，请检查后重新上传。")
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        raise forms.ValidationError(f"文件超过{settings.UPLOAD_MAX_BYTES // 2**20}MB，请压缩后上传。")
    return uploaded


class RectificationItemForm(forms.ModelForm):
    """The item's own fields. `reason` is kept in the history of every field it changes."""

    reason = forms.CharField(label="修改说明", required=False, max_length=500)

    class Meta:
        model = RectificationItem
        fields = EDITABLE_FIELDS
        widgets = {
            "deadline": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, county, item=None, **kwargs):
        # A copy: validating a ModelForm writes into its instance, and the service compares the item's
        # current values with the new ones to record the history.
        super().__init__(*args, instance=copy.copy(item), **kwargs)
        self.county = county
        self.fields["research_topic"].queryset = ResearchTopic.objects.filter(county=county)
        self.fields["ledger_number"].required = True

    def clean_ledger_number(self):
        number = self.cleaned_data["ledger_number"].strip()
        taken = RectificationItem.objects.filter(county=self.county, ledger_number=number)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("本县台账中已有该编号。")
        return number

    def changes(self):
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


# What each workflow step is called on the item page, and whether it asks for a closure note or a reason.
TRANSITION_STEPS = {
    (RectificationItem.Status.OPEN, RectificationItem.Status.IN_PROGRESS): ("开始整改", None),
    (RectificationItem.Status.IN_PROGRESS, RectificationItem.Status.PENDING_REVIEW): (
        "提交审核（申请销号）",
        "closure_note",
    ),
    (RectificationItem.Status.PENDING_REVIEW, RectificationItem.Status.CLOSED): ("审核通过，销号", None),
    (RectificationItem.Status.PENDING_REVIEW, RectificationItem.Status.IN_PROGRESS): ("退回重新整改", "reason"),
}


class TransitionForm(forms.Form):
    status = forms.ChoiceField(choices=RectificationItem.Status.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label="说明", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    closure_note = forms.CharField(
        label="整改完成情况", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label="佐证材料", help_text="图片、PDF、Word、Excel 或文本文件")

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], EVIDENCE_EXTENSIONS, "图片、PDF、Word、Excel 或文本文件")


class StudySessionForm(forms.ModelForm):
    class Meta:
        model = StudySession
        fields = ["kind", "date", "title", "participants"]
        widgets = {"date": DATE_INPUT}


class ResearchTopicForm(forms.ModelForm):
    class Meta:
        model = ResearchTopic
        fields = ["title", "lead", "status", "report"]
        widgets = {"report": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.county = county

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        taken = ResearchTopic.objects.filter(county=self.county, title=title).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("本县已有同名调研课题。")
        return title


class GuidanceNoteForm(forms.Form):
    """A guidance note or correction to one county; `groups` are those the author may write for."""

    group = forms.ModelChoiceField(label="工作组", queryset=WorkingGroup.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label="类型", choices=GuidanceNote.Kind.choices)
    text = forms.CharField(label="内容", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    item = forms.ModelChoiceField(label="相关整改事项", queryset=RectificationItem.objects.none(), required=False)
    open_item = forms.BooleanField(label="纠偏意见同时列入本县整改台账（问题来源：指导组反馈）", required=False)

    def __init__(self, *args, county, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["item"].queryset = RectificationItem.objects.filter(county=county)

    def clean(self):
        data = super().clean()
        if data.get("open_item"):
            if data.get("kind") != GuidanceNote.Kind.CORRECTION:
                self.add_error("open_item", "只有纠偏意见可以列入整改台账。")
            elif data.get("item"):
                self.add_error("open_item", "已关联整改事项，不再新建。")
        return data


class GuidanceReplyForm(forms.Form):
    response = forms.CharField(label="回复", max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
