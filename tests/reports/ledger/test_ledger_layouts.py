"""A mapping corrected in the preview is remembered for the county's layout, and next week's workbook
updates the same items (with history) instead of adding new ones."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.ledger.importing import import_workbook
from reports.models import LedgerLayout
from tests.reports.ledger.workbooks import WEEK_ONE, weekly_ledger
from tracker.models import LedgerImport, RectificationChange, RectificationItem


@pytest.fixture
def office(client, alice):
    client.force_login(alice)
    return client


def upload(client, county, path, capture):
    with capture(execute=True):
        client.post(
            reverse("ledger_import_new", args=[county.pk]),
            {"kind": "rectification", "file": SimpleUploadedFile(path.name, path.read_bytes())},
        )
    return LedgerImport.objects.latest("pk")


def column(ledger_import, header):
    return next(c for c in ledger_import.summary["columns"] if c["name"].endswith(header))


def confirm(client, ledger_import, capture):
    with capture(execute=True):
        client.post(reverse("ledger_import_confirm", args=[ledger_import.pk]))
    ledger_import.refresh_from_db()
    return ledger_import


def test_a_corrected_mapping_is_used_for_the_next_file_of_the_same_layout(
    office, county_a, tmp_path, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    # “办结情况” is not a column name the import knows: the preview leaves it out.
    first = upload(office, county_a, weekly_ledger(tmp_path / "w1.xlsx", WEEK_ONE, status_header="办结情况"), capture)
    status_column = column(first, "办结情况")
    assert status_column["field"] == "" and first.summary["remembered"] is False
    page = office.get(reverse("ledger_import_detail", args=[first.pk])).content.decode()
    assert 'id="mapping-form"' in page and "办结情况" in page

    # The office maps it to 整改状态 and reads the file again.
    form = {"header_row": first.summary["header_row"]}
    form.update({f"col_{c['index']}": c["field"] for c in first.summary["columns"]})
    form[f"col_{status_column['index']}"] = "status"
    with capture(execute=True):
        office.post(reverse("ledger_import_correct", args=[first.pk]), form)
    first.refresh_from_db()
    assert first.status == "preview" and column(first, "办结情况")["field"] == "status"
    assert confirm(office, first, capture).status == "done"
    assert dict(RectificationItem.objects.values_list("ledger_number", "status")) == {
        "1": "open",
        "2": "in_progress",
        "3": "in_progress",
    }
    assert LedgerLayout.objects.filter(county=county_a).count() == 1

    # Next week's file in the same layout needs no correction.
    week_two = [row[:6] + ("已完成",) if row[0] == "1" else row for row in WEEK_ONE]
    second = upload(office, county_a, weekly_ledger(tmp_path / "w2.xlsx", week_two, status_header="办结情况"), capture)
    assert second.summary["remembered"] is True and column(second, "办结情况")["field"] == "status"
    assert "已按本县上次确认的表头对应关系读取。" in second.summary["notices"]
    assert confirm(office, second, capture).status == "done"
    assert RectificationItem.objects.get(ledger_number="1").status == "pending_review"


def test_another_countys_layout_is_not_used(office, county_a, county_b, tmp_path, django_capture_on_commit_callbacks):
    LedgerLayout.objects.create(county=county_b, book="rectification", signature="x", header_row=3, column_mapping={})
    ledger_import = upload(
        office, county_a, weekly_ledger(tmp_path / "w.xlsx", WEEK_ONE), django_capture_on_commit_callbacks
    )
    assert ledger_import.summary["remembered"] is False


def test_next_weeks_workbook_updates_the_same_items_with_history(county_a, alice, tmp_path):
    import_workbook(county=county_a, kind="rectification", path=weekly_ledger(tmp_path / "w1.xlsx", WEEK_ONE))
    ids = dict(RectificationItem.objects.values_list("ledger_number", "pk"))
    week_two = [
        ("1", "学习方面", WEEK_ONE[0][2], "县委宣传部", WEEK_ONE[0][4], "2024年1月底前", "正在整改"),
        ("2", None, WEEK_ONE[1][2], "县委组织部", WEEK_ONE[1][4], "立行立改", "已完成"),
        WEEK_ONE[2],
        ("4", None, "调研报告质量不高，对策建议针对性不强", "县委政研室", "建立调研成果评审制度", "12月底前", "未启动"),
    ]
    plan = import_workbook(
        county=county_a, kind="rectification", path=weekly_ledger(tmp_path / "w2.xlsx", week_two), actor=alice
    )
    assert (len(plan.to_create), len(plan.to_update), plan.unchanged) == (1, 2, 1)
    assert RectificationItem.objects.count() == 4
    assert {k: v for k, v in RectificationItem.objects.values_list("ledger_number", "pk") if k in ids} == ids
    one = RectificationItem.objects.get(ledger_number="1")
    # A later deadline in the workbook is no extension: that takes a request the reviewer approves.
    assert (one.responsible_unit, one.deadline, one.status) == ("县委宣传部", datetime.date(2023, 12, 31), "in_progress")
    history = {(c.field, c.old_value, c.new_value) for c in one.changes.exclude(field="created")}
    assert history == {("responsible_unit", "县委办", "县委宣传部"), ("status", "未整改", "整改中")}
    assert any("整改时限与表中不同" in notice for notice in plan.notices)
    # Claimed as done: awaiting the reviewer, with the importing user as the one who asked.
    two = RectificationItem.objects.get(ledger_number="2")
    assert (two.status, two.submitted_by, two.closed_date) == ("pending_review", alice, None)
    assert RectificationChange.objects.filter(item=two, field="status", new_value="已整改待审核").exists()
    four = RectificationItem.objects.get(ledger_number="4")
    assert (four.category, four.deadline) == ("作风方面", datetime.date(2023, 12, 31))


def test_a_word_the_administrator_adds_is_known_to_the_next_import(county_a, tmp_path):
    from reports.models import LedgerSynonym

    path = weekly_ledger(tmp_path / "w.xlsx", WEEK_ONE, status_header="销账进度")
    plan = import_workbook(county=county_a, kind="rectification", path=path, dry_run=True)
    assert "status" not in plan.parsed.fields
    LedgerSynonym.objects.create(kind="column", book="rectification", word="销账进度", meaning="status", rank=30)
    plan = import_workbook(county=county_a, kind="rectification", path=path)
    assert "status" in plan.parsed.fields
    assert sorted(RectificationItem.objects.values_list("status", flat=True)) == ["in_progress", "in_progress", "open"]


def test_the_user_can_move_the_header_row(office, county_a, tmp_path, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    ledger_import = upload(office, county_a, weekly_ledger(tmp_path / "w.xlsx", WEEK_ONE), capture)
    form = {"header_row": 1}
    form.update({f"col_{c['index']}": c["field"] for c in ledger_import.summary["columns"]})
    with capture(execute=True):
        office.post(reverse("ledger_import_correct", args=[ledger_import.pk]), form)
    ledger_import.refresh_from_db()
    # Row 1 is the title: nothing under it reads as a problem row, and the preview says which row it used.
    assert ledger_import.status == "preview" and ledger_import.summary["header_row"] == 1
    assert ledger_import.summary["create"] == 0
    assert ledger_import.summary["errors"] == [
        {"row": 1, "message": "表头中没有“问题描述”列：请改正表头所在行，或指定哪一列是问题描述"}
    ]
    page = office.get(reverse("ledger_import_detail", args=[ledger_import.pk])).content.decode()
    assert "表头在第1行" in page and 'id="mapping-form"' in page


def test_a_renumbered_ledger_updates_the_numbers_of_the_same_items(county_a, tmp_path):
    import_workbook(county=county_a, kind="rectification", path=weekly_ledger(tmp_path / "w1.xlsx", WEEK_ONE))
    ids = dict(RectificationItem.objects.values_list("description", "pk"))
    # A new problem goes in as number 2; the old 2 and 3 move down.
    new = ("2", None, "学习心得千篇一律，联系自身不够", "县委宣传部", "开展心得互评", "12月底前", "未启动")
    renumbered = [WEEK_ONE[0], new, ("3",) + WEEK_ONE[1][1:], ("4",) + WEEK_ONE[2][1:]]
    plan = import_workbook(county=county_a, kind="rectification", path=weekly_ledger(tmp_path / "w2.xlsx", renumbered))
    assert (len(plan.to_create), len(plan.to_update)) == (1, 2)
    numbers = dict(RectificationItem.objects.values_list("description", "ledger_number"))
    assert numbers[WEEK_ONE[1][2]] == "3" and numbers[WEEK_ONE[2][2]] == "4" and numbers[new[2]] == "2"
    assert all(RectificationItem.objects.get(pk=pk).description == d for d, pk in ids.items())
    moved = RectificationItem.objects.get(pk=ids[WEEK_ONE[1][2]])
    assert list(moved.changes.filter(field="ledger_number").values_list("old_value", "new_value")) == [("2", "3")]
