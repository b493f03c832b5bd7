"""The working groups' pages and their guidance notes to counties (督导意见、纠偏)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..forms import GuidanceNoteForm, GuidanceReplyForm
from ..selectors import dashboards, records, scope
from ..services import guidance_notes
from .posting import post_outcome


@login_required
def group_list(request):
    groups = scope.groups_for(request.user).prefetch_related("counties")
    # Someone in no group (a county office) is shown the groups that supervise the counties it sees.
    supervising = None if groups.exists() else scope.supervising_groups(scope.counties_for(request.user))
    return render(request, "tracker/group_list.html", {"groups": groups, "supervising": supervising})


@login_required
def group_detail(request, group_id):
    group = scope.groups_for(request.user).filter(pk=group_id).first()
    if group is None:
        raise Http404("没有找到该工作组，或您无权查看。")
    rows = dashboards.group_overview(request.user, group)
    return render(request, "tracker/group_detail.html", {"group": group, "rows": rows})


NOTES_ON_COUNTY_PAGE = 5


NOTES_PER_PAGE = 20

def guidance_note_form(user, county, data=None):
    """The note form for someone who guides the county for at least one group, else None."""
    groups = scope.guidance_groups_for(user, county)
    return GuidanceNoteForm(data, county=county, groups=groups) if groups.exists() else None


def _county_notes_url(county_id):
    return reverse("county_detail", args=[county_id]) + "#guidance"


@login_required
def guidance_note_list(request, county_id):
    county = scope.county_for(request.user, county_id)
    notes = records.guidance_notes_for(request.user).filter(county=county)
    return render(
        request,
        "tracker/guidance_note_list.html",
        {
            "county": county,
            "page": Paginator(notes, NOTES_PER_PAGE).get_page(request.GET.get("page")),
            "can_edit": scope.may(request.user, county.pk, scope.EDIT),
        },
    )


@login_required
def guidance_note_new(request, county_id):
    county = scope.county_for(request.user, county_id, action=scope.GUIDE)
    form = guidance_note_form(request.user, county, request.POST or None)
    if form is None:
        raise Http404("本县没有您所在的指导组或联络组。")
    if request.method == "POST" and form.is_valid():
        note = guidance_notes.guidance_note_create(county=county, author=request.user, **form.cleaned_data)
        messages.success(request, f"已记录{note.get_kind_display()}。")
        return redirect(_county_notes_url(county.pk))
    return render(request, "tracker/form.html", {"form": form, "title": f"{county.name} · 督导意见与纠偏"})


@login_required
@require_POST
def guidance_note_reply(request, note_id):
    note = records.guidance_note_for(request.user, note_id, action=scope.EDIT)
    post_outcome(
        request,
        GuidanceReplyForm(request.POST),
        lambda data: guidance_notes.guidance_note_reply(note=note, actor=request.user, response=data["response"]),
        done="已回复。",
        invalid="请填写回复内容。",
    )
    return redirect(_county_notes_url(note.county_id))
