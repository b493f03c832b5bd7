"""The rectification ledger's pages: the list, an item, its steps, deadline extensions, evidence, the templates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from .. import permissions, workbooks
from ..audit.services import Kind as AuditKind
from ..audit.services import audit_record
from ..exports import CONTENT_TYPES
from ..forms import (
    TRANSITION_STEPS,
    WITHDRAWAL_STEP,
    DeadlineExtensionDecisionForm,
    DeadlineExtensionRequestForm,
    EvidenceForm,
    RectificationItemForm,
    TransitionForm,
)
from ..models import Evidence
from ..selectors import lights, records, scope
from ..services import deadline_extensions, rectification_items
from ..tables import RectificationItemTable
from .lists import list_page
from .posting import form_errors, post_outcome


@login_required
def rectification_list(request):
    return list_page(
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

    def transition(data):
        allowed = permissions.may_transition(user=request.user, item=item, status=data["status"])
        if not allowed:
            raise PermissionDenied(allowed.refusal)
        rectification_items.rectification_item_transition(item=item, actor=request.user, **data)

    post_outcome(
        request, TransitionForm(request.POST), transition, done=lambda: f"整改状态已变为“{item.get_status_display()}”。"
    )
    return redirect("rectification_detail", item_id=item.pk)


@login_required
@require_POST
def extension_request(request, item_id):
    item = records.rectification_item_for(request.user, item_id, action=scope.EDIT)
    post_outcome(
        request,
        DeadlineExtensionRequestForm(request.POST),
        lambda data: deadline_extensions.deadline_extension_request(item=item, actor=request.user, **data),
        done="已提出延期申请，待本县审核人或巡回指导组审批；批准前仍按原时限预警。",
        invalid=lambda form: "申请失败：" + form_errors(form),
    )
    return redirect("rectification_detail", item_id=item.pk)


@login_required
@require_POST
def extension_decide(request, extension_id):
    extension = records.deadline_extension_for(request.user, extension_id)
    if not (allowed := permissions.may_decide_extension(user=request.user, extension=extension)):
        raise PermissionDenied(allowed.refusal)
    post_outcome(
        request,
        DeadlineExtensionDecisionForm(request.POST),
        lambda data: deadline_extensions.deadline_extension_decide(extension=extension, actor=request.user, **data),
        done=lambda: f"延期申请{extension.get_status_display()}。",
    )
    return redirect("rectification_detail", item_id=extension.item_id)


@login_required
@require_POST
def evidence_add(request, item_id):
    item = records.rectification_item_for(request.user, item_id, action=scope.EDIT)
    post_outcome(
        request,
        EvidenceForm(request.POST, request.FILES),
        lambda data: rectification_items.rectification_evidence_add(
            item=item, actor=request.user, uploaded_file=data["file"]
        ),
        done="佐证材料已上传。",
        invalid=lambda form: "上传失败：" + form_errors(form),
    )
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
