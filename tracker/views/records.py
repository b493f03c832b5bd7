"""Study sessions and research topics: lists and forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from ..forms import (
    ResearchTopicForm,
    StudySessionForm,
)
from ..models import ResearchTopic, StudySession
from ..selectors import records, scope
from ..services import county_records
from ..tables import ResearchTopicTable, StudySessionTable
from .lists import list_page


@login_required
def study_list(request):
    return list_page(
        request,
        kind="study",
        table_class=StudySessionTable,
        title="学习活动",
        new_url="study_new",
    )


def _record_form(request, *, form, save, title, done_url):
    """Create or edit page of a study session or research topic: the form validates, `save` writes."""
    if request.method == "POST" and form.is_valid():
        record = save(form.cleaned_data)
        messages.success(request, "已保存。")
        return redirect(done_url, record.pk)
    return render(request, "tracker/form.html", {"form": form, "title": title})


@login_required
def study_new(request, county_id):
    county = scope.county_for(request.user, county_id, action=scope.EDIT)
    return _record_form(
        request,
        form=StudySessionForm(request.POST or None),
        save=lambda data: county_records.county_record_save(county=county, data=data, record=StudySession()),
        title=f"{county.name} · 新增学习活动",
        done_url="study_edit",
    )


@login_required
def study_edit(request, session_id):
    session = records.study_session_for(request.user, session_id, action=scope.EDIT)
    return _record_form(
        request,
        form=StudySessionForm(request.POST or None, instance=session),
        save=lambda data: county_records.county_record_save(county=session.county, data=data, record=session),
        title=f"{session.county.name} · 修改学习活动",
        done_url="study_edit",
    )


@login_required
def research_list(request):
    return list_page(
        request,
        kind="research",
        table_class=ResearchTopicTable,
        title="调研课题",
        new_url="research_new",
    )


@login_required
def research_detail(request, topic_id):
    topic = records.research_topic_for(request.user, topic_id)
    problems = records.rectification_items_for(request.user).filter(research_topic=topic)
    return render(
        request,
        "tracker/research_detail.html",
        {
            "topic": topic,
            "problems": problems,
            "can_edit": scope.may(request.user, topic.county_id, scope.EDIT),
        },
    )


@login_required
def research_new(request, county_id):
    county = scope.county_for(request.user, county_id, action=scope.EDIT)
    return _record_form(
        request,
        form=ResearchTopicForm(request.POST or None, county=county),
        save=lambda data: county_records.county_record_save(county=county, data=data, record=ResearchTopic()),
        title=f"{county.name} · 新增调研课题",
        done_url="research_detail",
    )


@login_required
def research_edit(request, topic_id):
    topic = records.research_topic_for(request.user, topic_id, action=scope.EDIT)
    return _record_form(
        request,
        form=ResearchTopicForm(request.POST or None, instance=topic, county=topic.county),
        save=lambda data: county_records.county_record_save(county=topic.county, data=data, record=topic),
        title=f"修改调研课题 {topic.title}",
        done_url="research_detail",
    )
