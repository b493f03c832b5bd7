"""Pages of the Excel import: upload, preview (with the column mapping the user may correct), status,
confirmation. Thin: scoping through tracker.selectors.scope, writes through reports.ledger.uploads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from reports.forms import LedgerCorrectionForm, LedgerUploadForm
from tracker.models import LedgerImport
from tracker.selectors import records, scope

from . import uploads


@login_required
def ledger_import_new(request, county_id):
    county = scope.county_for(request.user, county_id, action=scope.EDIT)
    form = LedgerUploadForm(request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        ledger_import = uploads.ledger_import_create(
            county=county, kind=form.cleaned_data["kind"], uploaded_file=form.cleaned_data["file"], user=request.user
        )
        return redirect("ledger_import_detail", import_id=ledger_import.pk)
    return render(
        request,
        "reports/ledger_import_new.html",
        {"form": form, "county": county, "kinds": LedgerImport.Kind.choices},
    )


def _correction_form(ledger_import, data=None):
    columns = ledger_import.summary.get("columns", [])
    initial = {"header_row": ledger_import.summary.get("header_row")}
    initial.update({f"col_{c['index']}": c["field"] for c in columns})
    return LedgerCorrectionForm(
        data, initial=initial, columns=columns, choices=uploads.mapping_choices(ledger_import.kind)
    )


@login_required
def ledger_import_detail(request, import_id):
    ledger_import = records.ledger_import_for(request.user, import_id)
    may_edit = scope.may(request.user, ledger_import.county_id, scope.EDIT)
    in_preview = ledger_import.status == LedgerImport.Status.PREVIEW
    form = _correction_form(ledger_import) if in_preview and may_edit and ledger_import.summary.get("columns") else None
    return render(
        request,
        "reports/ledger_import_detail.html",
        {
            "imp": ledger_import,
            "form": form,
            "can_confirm": in_preview and not ledger_import.errors and may_edit,
            "events": ledger_import.events.select_related("actor"),
        },
    )


@login_required
def ledger_import_status(request, import_id):
    imp = records.ledger_import_for(request.user, import_id)
    return JsonResponse(
        {
            "status": imp.status,
            "label": imp.get_status_display(),
            "busy": imp.is_busy,
            "rows_done": imp.rows_done,
            "rows_total": imp.rows_total,
            "failure_reason": imp.failure_reason,
        }
    )


@login_required
@require_POST
def ledger_import_correct(request, import_id):
    ledger_import = records.ledger_import_for(request.user, import_id, action=scope.EDIT)
    form = _correction_form(ledger_import, request.POST)
    if not form.is_valid():
        messages.error(request, "修改未保存：" + "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("ledger_import_detail", import_id=ledger_import.pk)
    try:
        uploads.ledger_import_correct(
            ledger_import=ledger_import,
            user=request.user,
            header_row=form.cleaned_data["header_row"],
            mapping=form.mapping(),
        )
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已按修改后的表头重新生成预览。")
    return redirect("ledger_import_detail", import_id=ledger_import.pk)


@login_required
@require_POST
def ledger_import_confirm(request, import_id):
    ledger_import = records.ledger_import_for(request.user, import_id, action=scope.EDIT)
    try:
        uploads.ledger_import_confirm(ledger_import=ledger_import, user=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect("ledger_import_detail", import_id=ledger_import.pk)
