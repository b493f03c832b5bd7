"""The real layouts in ../shared/ledgers import with exactly their gold items, through the command and
through the web flow (upload, preview, confirm); status, deadline, unit and measures right for ≥95%."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tracker.models import LedgerImport, RectificationItem

LEDGERS = Path(__file__).resolve().parents[3].parent / "shared" / "ledgers"
WORKBOOKS = [
    (gold, book)
    for gold in sorted(LEDGERS.glob("*.gold.json"))
    for book in (json.loads(gold.read_text(encoding="utf-8"))["file"], gold.name.replace(".gold.json", ".xls"))
    if (LEDGERS / book).exists()
]
STATUS = {"open": {"open"}, "in_progress": {"in_progress", "pending_review"}, "closed": {"pending_review"}}

pytestmark = [pytest.mark.shared, pytest.mark.skipif(not LEDGERS.exists(), reason="../shared/ledgers is not here")]


def check_against_gold(county, gold_path):
    """Items made == gold items (by number and description); returns the share of right fields."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["items"]
    items = {(i.ledger_number, i.description): i for i in RectificationItem.objects.filter(county=county)}
    assert sorted(items) == sorted((g["number"], g["description"]) for g in gold)
    right = []
    for g in gold:
        item = items[(g["number"], g["description"])]
        right += [
            item.status in STATUS[g["status"]],
            (item.deadline.isoformat() if item.deadline else None) == g["deadline"],
            item.responsible_unit == g["responsible_unit"],
            item.measures == g["measures"],
        ]
        # Deadlines without a date keep their words; every item keeps its category.
        assert item.deadline_text == g["deadline_text"] and (item.category or None) == g["category"]
    return sum(right) / len(right)


@pytest.mark.parametrize("gold_path, book", WORKBOOKS, ids=[book for _, book in WORKBOOKS])
def test_the_command_imports_exactly_the_gold_items(county_a, gold_path, book):
    out = io.StringIO()
    call_command("import_ledger", str(LEDGERS / book), "--county", county_a.name, "--json", stdout=out)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["errors"] == [] and result["created"] == len(json.loads(gold_path.read_text())["items"])
    assert check_against_gold(county_a, gold_path) >= 0.95


@pytest.mark.parametrize("gold_path, book", WORKBOOKS, ids=[book for _, book in WORKBOOKS])
def test_the_web_flow_imports_exactly_the_gold_items(
    client, alice, county_a, gold_path, book, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("ledger_import_new", args=[county_a.pk]),
            {"kind": "rectification", "file": SimpleUploadedFile(book, (LEDGERS / book).read_bytes())},
        )
    ledger_import = LedgerImport.objects.get()
    assert ledger_import.status == "preview", ledger_import.failure_reason
    page = client.get(reverse("ledger_import_detail", args=[ledger_import.pk])).content.decode()
    assert "确认导入" in page and "表头对应关系" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ledger_import_confirm", args=[ledger_import.pk]))
    ledger_import.refresh_from_db()
    assert ledger_import.status == "done", ledger_import.summary.get("errors")
    assert check_against_gold(county_a, gold_path) >= 0.95
