from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views.decorators.http import require_POST
from django_tables2 import LazyPaginator, RequestConfig

from . import export_jobs, figures, figures_cache, permissions, workbooks
from .audit.services import Kind as AuditKind
from .audit.services import audit_record
from .exports import CONTENT_TYPES, IN_REQUEST_ROWS, export_response
from .filters import list_filter
from .selectors import dashboards, lights, records, scope
from .services import county_records, deadline_extensions, guidance_notes, rectification_items
from .forms import (
    TRANSITION_STEPS,
    WITHDRAWAL_STEP,
    DeadlineExtensionDecisionForm,
    DeadlineExtensionRequestForm,
    EvidenceForm,
    GuidanceNoteForm,
    GuidanceReplyForm,
    RectificationItemForm,
    ResearchTopicForm,
    StudySessionForm,
    TransitionForm,
)
from .health import service_status
from .models import CATEGORIES, Evidence, Profile, ReportingPeriod, ResearchTopic, StudySession
from .tables import RectificationItemTable, ResearchTopicTable, StudySessionTable


def favicon(request):
    # Browsers and the admin ask for /favicon.ico whatever the page says; answer instead of logging a 404.
    return redirect(static("favicon.svg"), permanent=True)


def health(request):
    """200 when the database, the broker and the cache answer; 503 naming what is down."""
    checks = service_status()
    down = [name for name, state in checks.items() if state != "ok"]
    body = {"status": "down" if down else "ok", "down": down, **checks}
    return JsonResponse(body, status=503 if down else 200, json_dumps_params={"ensure_ascii": False})


@login_required
def home(request):
    """Send each role where it works."""
    role = scope.user_role(request.user)
    if role in (Profile.Role.COUNTY_OFFICE, Profile.Role.COUNTY_REVIEWER):
        county = scope.counties_for(request.user).first()
        if county:
            return redirect("county_detail", county_id=county.pk)
    if role == Profile.Role.GUIDANCE:
        # A member of one group starts on its home (its counties as cards); of several, on the list.
        groups = list(scope.groups_for(request.user)[:2])
        if len(groups) == 1:
            return redirect("group_home", group_id=groups[0].pk)
        return redirect("group_list")
    if role in (Profile.Role.LEADERSHIP, Profile.Role.ADMIN):
        return redirect("comparison")
    if role == Profile.Role.AUDITOR:
        return redirect("audit_event_list")
    return render(request, "tracker/no_role.html")


@login_required
def county_detail(request, county_id):
    county = scope.county_for(request.user, county_id)
    by_category = dashboards.county_figures_by_category(county)
    categories = [(CATEGORIES.get(code, (code, ""))[0], figures) for code, figures in by_category.items()]
    empty = {"found": 0, "closed": 0, "overdue": 0, "due_soon": 0, "on_track": 0}
    ledger_figures = dashboards.ledger_counts([county]).get(county.pk, empty)
    status_counts = dashboards.rectification_status_counts(county)
    periods = ReportingPeriod.objects.filter(kind=ReportingPeriod.Kind.MONTH, start_date__lte=timezone.localdate())
    notes = records.guidance_notes_for(request.user).filter(county=county)
    return render(
        request,
        "tracker/county_detail.html",
        {
            "county": county,
            "categories": categories,
            "reports": county.reports.select_related("period")[:10],  # the county is in the user's scope
            "ledger": ledger_figures,
            "ledger_rate": figures.closure_rate(ledger_figures["found"], ledger_figures["closed"]),
            "status_counts": status_counts,
            "period_rows": dashboards.ledger_period_figures(county, list(periods.order_by("-start_date")[:6])[::-1]),
            "can_edit": scope.may(request.user, county.pk, scope.EDIT),
            "supervising_groups": scope.supervising_groups([county]),
            "notes": notes[:NOTES_ON_COUNTY_PAGE],
            "notes_total": notes.count(),
            "note_form": _guidance_note_form(request.user, county),
        },
    )


@login_required
def comparison_trend_json(request):
    return JsonResponse(dashboards.area_trend(request.user))


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


# ---- guidance notes and corrections -----------------------------------------------------------------

NOTES_ON_COUNTY_PAGE = 5
NOTES_PER_PAGE = 20


def _guidance_note_form(user, county, data=None):
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
    form = _guidance_note_form(request.user, county, request.POST or None)
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
    form = GuidanceReplyForm(request.POST)
    if form.is_valid():
        try:
            guidance_notes.guidance_note_reply(note=note, actor=request.user, response=form.cleaned_data["response"])
        except permissions.ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已回复。")
    else:
        messages.error(request, "请填写回复内容。")
    return redirect(_county_notes_url(note.county_id))


# ---- the county's working book ----------------------------------------------------------------------

EXPORT_FORMATS = tuple(CONTENT_TYPES)


def _list_page(request, *, kind, table_class, title, new_url):
    """A filtered, sortable list of one kind of record with export links; the export holds the same rows.
    Pages are fetched without counting the list (下一页 shows when there is one): a national ledger has a
    million items. A long export is made by a job, whose page the user is sent to."""
    query = request.GET.copy()
    fmt = query.pop("export", [None])[0]
    query.pop("page", None)
    if fmt in EXPORT_FORMATS:
        rows = list_filter(kind, request.user, request.GET).qs
        audit_record(kind=AuditKind.EXPORT, detail={"list": title, "format": fmt, "filters": request.GET.urlencode()})
        if lights.capped_count(rows, IN_REQUEST_ROWS) <= IN_REQUEST_ROWS:
            return export_response(kind, rows, fmt)
        filters = {key: value for key, value in query.dict().items() if key != "sort"}
        job = export_jobs.export_job_create(user=request.user, kind=kind, fmt=fmt, filters=filters)
        return redirect("export_job_detail", job_id=job.pk)
    editable_counties = scope.counties_for(request.user, action=scope.EDIT)
    editable_ids = sorted(editable_counties.values_list("pk", flat=True))

    def content():
        """The page below the menu: it depends on the scopes, the query and the data only, not on who asks."""
        filterset = list_filter(kind, request.user, request.GET)
        rows = filterset.qs
        table = table_class(rows, editable_county_ids=set(editable_ids))
        RequestConfig(request, paginate={"per_page": 50, "paginator_class": LazyPaginator}).configure(table)
        context = {
            "title": title,
            "kind": kind,
            "filter": filterset,
            "table": table,
            "query": query.urlencode(),
            "lights": lights.light_totals(rows, shown=_shown_light(filterset)) if kind == "rectification" else None,
            "light_cap": lights.LIGHT_COUNT_CAP,
            "editable_counties": editable_counties,
            "new_url": new_url,
        }
        return render_to_string("tracker/_list_content.html", context, request)

    if kind == "rectification":  # the ledger's writes move the figures version; the other lists' do not
        parts = (scope.scope_key(request.user), editable_ids, request.GET.urlencode(), timezone.localdate(), get_language())
        html = figures_cache.cached("ledger-page", parts, content)
    else:
        html = content()
    return render(request, "tracker/list.html", {"title": title, "content": html})


def _shown_light(filterset):
    """The light the list is filtered to, if any."""
    return (filterset.form.cleaned_data.get("light") or None) if filterset.is_valid() else None


@login_required
def county_search(request):
    """Counties of the user's scope whose name holds `q`, for the county filter of the lists."""
    counties = scope.counties_matching(request.user, request.GET.get("q", ""))
    rows = [{"id": c.pk, "name": c.name, "city": c.parent.name if c.parent else ""} for c in counties]
    return JsonResponse({"counties": rows}, json_dumps_params={"ensure_ascii": False})


@login_required
def rectification_list(request):
    return _list_page(
        request,
        kind="rectification",
        table_class=RectificationItemTable,
        title="整改台账",
        new_url="rectification_new",
    )


@login_required
def rectification_new(request, county_id):
    county = scope.county_for(request.user, county_id, action=scope.EDIT)
    form = RectificationItemForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        item = rectification_items.rectification_item_create(
            county=county, actor=request.user, data=form.changes(), reason=form.cleaned_data["reason"]
        )
        messages.success(request, "已新增整改事项。")
        return redirect("rectification_detail", item_id=item.pk)
    return render(request, "tracker/form.html", {"form": form, "title": f"{county.name} · 新增整改事项"})


@login_required
def rectification_detail(request, item_id):
    item = records.rectification_item_for(request.user, item_id)
    can_edit = bool(permissions.may_edit_item(user=request.user, item=item))
    targets = permissions.transitions_for(user=request.user, item=item)
    steps = {
        target: WITHDRAWAL_STEP
        if permissions.is_withdrawal(user=request.user, item=item, status=target)
        else TRANSITION_STEPS[(item.status, target)]
        for target in targets
    }
    extensions = item.extensions.select_related("item", "requested_by", "decided_by")
    return render(
        request,
        "tracker/rectification_detail.html",
        {
            "item": item,
            "light_label": lights.LIGHTS[item.light],
            "changes": item.changes.select_related("actor"),
            "evidence": item.evidence.select_related("uploaded_by"),
            "transitions": [(target, *step) for target, step in steps.items()],
            "can_edit": can_edit,
            "edit_refusal": "" if can_edit else permissions.may_edit_item(user=request.user, item=item).refusal,
            "extensions": [
                (e, bool(permissions.may_decide_extension(user=request.user, extension=e))) for e in extensions
            ],
            "extension_form": DeadlineExtensionRequestForm()
            if permissions.may_request_extension(user=request.user, item=item)
            else None,
            "evidence_form": EvidenceForm() if can_edit else None,
        },
    )


@login_required
def rectification_edit(request, item_id):
    item = records.rectification_item_for(request.user, item_id, action=scope.EDIT)
    form = RectificationItemForm(request.POST or None, county=item.county, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            changes = rectification_items.rectification_item_update(
                item=item, actor=request.user, data=form.changes(), reason=form.cleaned_data["reason"]
            )
        except permissions.ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已保存，修改了{len(changes)}项。" if changes else "没有修改。")
        return redirect("rectification_detail", item_id=item.pk)
    return render(request, "tracker/form.html", {"form": form, "title": f"修改整改事项 {item.ledger_number}"})


@login_required
@require_POST
def rectification_transition(request, item_id):
    item = records.rectification_item_for(request.user, item_id)
    form = TransitionForm(request.POST)
    if form.is_valid():
        allowed = permissions.may_transition(user=request.user, item=item, status=form.cleaned_data["status"])
        if not allowed:
            raise PermissionDenied(allowed.refusal)
        try:
            rectification_items.rectification_item_transition(item=item, actor=request.user, **form.cleaned_data)
        except permissions.ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"整改状态已变为“{item.get_status_display()}”。")
    else:
        messages.error(request, "提交的内容无效，请重试。")
    return redirect("rectification_detail", item_id=item.pk)


@login_required
@require_POST
def extension_request(request, item_id):
    item = records.rectification_item_for(request.user, item_id, action=scope.EDIT)
    form = DeadlineExtensionRequestForm(request.POST)
    if form.is_valid():
        try:
            deadline_extensions.deadline_extension_request(item=item, actor=request.user, **form.cleaned_data)
        except permissions.ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已提出延期申请，待本县审核人或巡回指导组审批；批准前仍按原时限预警。")
    else:
        messages.error(request, "申请失败：" + "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("rectification_detail", item_id=item.pk)


@login_required
@require_POST
def extension_decide(request, extension_id):
    extension = records.deadline_extension_for(request.user, extension_id)
    form = DeadlineExtensionDecisionForm(request.POST)
    if not (allowed := permissions.may_decide_extension(user=request.user, extension=extension)):
        raise PermissionDenied(allowed.refusal)
    if form.is_valid():
        try:
            deadline_extensions.deadline_extension_decide(extension=extension, actor=request.user, **form.cleaned_data)
        except permissions.ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"延期申请{extension.get_status_display()}。")
    else:
        messages.error(request, "提交的内容无效，请重试。")
    return redirect("rectification_detail", item_id=extension.item_id)


@login_required
@require_POST
def evidence_add(request, item_id):
    item = records.rectification_item_for(request.user, item_id, action=scope.EDIT)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            rectification_items.rectification_evidence_add(item=item, actor=request.user, uploaded_file=form.cleaned_data["file"])
        except permissions.ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "佐证材料已上传。")
    else:
        messages.error(request, "上传失败：" + "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("rectification_detail", item_id=item.pk)


@login_required
def evidence_download(request, item_id, evidence_id):
    item = records.rectification_item_for(request.user, item_id)
    evidence = get_object_or_404(Evidence, pk=evidence_id, item=item)
    audit_record(kind=AuditKind.DOWNLOAD, obj=evidence, county=item.county_id, detail={"item": item.pk})
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


@login_required
def ledger_template(request, kind):
    schema = workbooks.SCHEMAS.get(kind)
    if schema is None:
        raise Http404("没有该模板。")
    return HttpResponse(
        workbooks.template_workbook(schema),
        content_type=CONTENT_TYPES["xlsx"],
        headers={"Content-Disposition": content_disposition_header(True, f"{schema.title}模板.xlsx")},
    )


@login_required
def study_list(request):
    return _list_page(
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
    return _list_page(
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
