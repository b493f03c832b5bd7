"""Importing Excel ledgers into a county: preview, all-or-nothing writes, idempotent re-imports."""

import datetime
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from reports.ledger.importing import import_workbook
from tests.factories import RectificationItemFactory
from tests.reports.ledger.workbooks import FIELDS, MESSY_ITEMS, messy_ledger, template_ledger
from tracker.models import LedgerImport, RectificationChange, RectificationItem, ResearchTopic, StudySession

RECT = LedgerImport.Kind.RECTIFICATION


def items(county):
    return [
        tuple(getattr(i, f) for f in FIELDS)
        for i in RectificationItem.objects.filter(county=county).order_by("ledger_number")
    ]


def test_a_messy_ledger_imports_exact_items(county_a, alice, tmp_path):
    plan = import_workbook(county=county_a, kind=RECT, path=messy_ledger(tmp_path / "l.xlsx"), actor=alice)
    assert plan.errors == [] and len(plan.to_create) == 5
    assert items(county_a) == MESSY_ITEMS
    assert set(RectificationItem.objects.values_list("status", flat=True)) == {"open"}
    created = RectificationChange.objects.filter(field="created")
    assert created.count() == 5 and {c.actor for c in created} == {alice}


def without_description(path):
    return template_ledger(path, [["1", "问题甲"], ["2", "", "", "", "县水利局", "", "更换管网"]])


def test_a_ledger_with_a_row_without_description_imports_nothing_and_names_the_row(county_a, tmp_path):
    plan = import_workbook(county=county_a, kind=RECT, path=without_description(tmp_path / "l.xlsx"))
    assert [(e.row, e.message) for e in plan.errors] == [(4, "没有问题描述，请补上或删除该行")]
    assert RectificationItem.objects.count() == 0


def test_an_unreadable_cell_is_kept_on_the_item_and_flags_it(county_a, tmp_path):
    path = messy_ledger(tmp_path / "l.xlsx", deadline_of_row_3="待上级批复后")
    plan = import_workbook(county=county_a, kind=RECT, path=path)
    assert plan.errors == [] and len(plan.to_create) == 5
    item = RectificationItem.objects.get(ledger_number="3")
    assert (item.needs_check, item.original_text, item.deadline, item.deadline_text) == (
        True,
        {"整改时限": "待上级批复后"},
        None,
        "待上级批复后",
    )
    assert RectificationItem.objects.filter(needs_check=True).count() == 1


def test_a_second_import_of_the_same_ledger_creates_nothing(county_a, tmp_path):
    path = messy_ledger(tmp_path / "l.xlsx")
    import_workbook(county=county_a, kind=RECT, path=path)
    ids = list(RectificationItem.objects.order_by("pk").values_list("pk", flat=True))
    plan = import_workbook(county=county_a, kind=RECT, path=path)
    assert (len(plan.to_create), len(plan.to_update), plan.unchanged) == (0, 0, 5)
    assert list(RectificationItem.objects.order_by("pk").values_list("pk", flat=True)) == ids
    assert RectificationChange.objects.exclude(field="created").count() == 0


def test_a_changed_row_updates_its_item_and_records_each_field(county_a, alice, tmp_path):
    import_workbook(county=county_a, kind=RECT, path=messy_ledger(tmp_path / "l.xlsx"))
    path = template_ledger(
        tmp_path / "t.xlsx",
        [["2", "办事窗口材料要求过多", "群众反映", "单位", "县政务服务中心", "李二", "精简材料", "2024-01-31"]],
    )
    plan = import_workbook(county=county_a, kind=RECT, path=path, actor=alice)
    assert (len(plan.to_create), len(plan.to_update)) == (0, 1)
    item = RectificationItem.objects.get(county=county_a, ledger_number="2")
    assert (item.responsible_unit, item.deadline) == ("县政务服务中心", datetime.date(2024, 1, 31))
    history = item.changes.exclude(field="created").order_by("field")
    assert [(c.field, c.old_value, c.new_value, c.actor) for c in history] == [
        ("deadline", "2023-12-15", "2024-01-31", alice),
        ("responsible_unit", "县行政审批服务局", "县政务服务中心", alice),
    ]
    assert RectificationItem.objects.filter(county=county_a).count() == 5


def test_import_never_closes_an_item(county_a, alice, tmp_path):
    path = template_ledger(
        tmp_path / "t.xlsx", [["1", "问题甲", "检视查摆", "单位", "", "", "", "2023-12-01", "已销号"]]
    )
    plan = import_workbook(county=county_a, kind=RECT, path=path, actor=alice)
    item = RectificationItem.objects.get()
    assert (item.status, item.submitted_by, item.closed_date) == ("pending_review", alice, None)
    assert "导入后为“已整改待审核”" in plan.notices[0]


def test_import_leaves_an_existing_items_status_to_the_workflow(county_a, tmp_path):
    RectificationItemFactory(county=county_a, ledger_number="1", description="问题甲", status="in_progress")
    path = template_ledger(tmp_path / "t.xlsx", [["1", "问题甲", "", "", "", "", "", "", "未整改"]])
    plan = import_workbook(county=county_a, kind=RECT, path=path)
    assert RectificationItem.objects.get().status == "in_progress"
    assert plan.notices == ["1个已有问题的整改状态与表中不同，导入不改变状态，请在问题页面办理。"]


def test_a_closed_item_cannot_be_rewritten_by_import(county_a, tmp_path):
    RectificationItemFactory(county=county_a, ledger_number="7", description="旧描述", status="closed")
    path = template_ledger(tmp_path / "t.xlsx", [["7", "新描述"]])
    plan = import_workbook(county=county_a, kind=RECT, path=path)
    assert [(e.row, e.message) for e in plan.errors] == [(3, "编号“7”的问题已销号，不能通过导入修改")]
    assert RectificationItem.objects.get().description == "旧描述"


def test_rows_link_to_research_topics_by_title(county_a, tmp_path):
    topic = ResearchTopic.objects.create(county=county_a, title="农村供水保障调研")
    path = template_ledger(
        tmp_path / "t.xlsx",
        [
            ["1", "管网老化", "调查研究", "单位", "", "", "", "", "", "农村供水保障调研"],
            ["2", "水费收缴难", "", "", "", "", "", "", "", "不存在的课题"],
        ],
    )
    plan = import_workbook(county=county_a, kind=RECT, path=path)
    assert plan.errors == []
    assert list(topic.problems.values_list("ledger_number", flat=True)) == ["1"]
    unknown = RectificationItem.objects.get(ledger_number="2")
    assert (unknown.research_topic, unknown.needs_check) == (None, True)
    assert unknown.original_text == {"来源调研课题": "不存在的课题"}


def test_ledger_numbers_are_matched_within_the_county_only(county_a, county_b, tmp_path):
    RectificationItemFactory(county=county_b, ledger_number="1", description="乙县问题")
    import_workbook(county=county_a, kind=RECT, path=messy_ledger(tmp_path / "l.xlsx"))
    assert RectificationItem.objects.get(county=county_b).description == "乙县问题"
    assert RectificationItem.objects.filter(county=county_a).count() == 5


def test_study_sessions_import_through_the_same_service(county_a, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["甲县主题教育学习安排"])
    ws.append(["学习时间", "学习形式", "学习内容", "参学人数"])
    ws.append(["2023.10.09", "读书班", "专题读书班第一期", "45人"])
    ws.append([datetime.datetime(2023, 10, 16), "专题辅导/党课", "专题党课", 120])
    wb.save(tmp_path / "s.xlsx")
    for _ in range(2):
        import_workbook(county=county_a, kind=LedgerImport.Kind.STUDY, path=tmp_path / "s.xlsx")
    assert list(StudySession.objects.order_by("date").values_list("date", "kind", "title", "participants")) == [
        (datetime.date(2023, 10, 9), "reading_class", "专题读书班第一期", 45),
        (datetime.date(2023, 10, 16), "lecture", "专题党课", 120),
    ]


def test_research_topics_import_and_update_by_title(county_a, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["课题名称", "牵头县级领导", "进展情况"])
    ws.append(["营商环境优化调研", "县长", "调研中"])
    wb.save(tmp_path / "r.xlsx")
    import_workbook(county=county_a, kind=LedgerImport.Kind.RESEARCH, path=tmp_path / "r.xlsx")
    ws["C2"] = "已形成报告"
    wb.save(tmp_path / "r.xlsx")
    plan = import_workbook(county=county_a, kind=LedgerImport.Kind.RESEARCH, path=tmp_path / "r.xlsx")
    assert (len(plan.to_create), len(plan.to_update)) == (0, 1)
    assert list(ResearchTopic.objects.values_list("title", "lead", "status")) == [
        ("营商环境优化调研", "县长", "reported")
    ]


# ---- the management command ----------------------------------------------------------------------


def run_command(*args):
    import io

    out = io.StringIO()
    try:
        call_command("import_ledger", *args, stdout=out)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue())


def test_command_imports_and_prints_counts(county_a, tmp_path):
    path = messy_ledger(tmp_path / "l.xlsx")
    done = {"updated": 0, "errors": [], "flagged": 0, "notices": []}
    assert run_command(str(path), "--county", "甲县", "--json") == (0, {"created": 5, **done})
    assert run_command(str(path), "--county", "甲县", "--json") == (0, {"created": 0, **done})


def test_command_dry_run_writes_nothing(county_a, tmp_path):
    path = messy_ledger(tmp_path / "l.xlsx")
    assert run_command(str(path), "--county", "甲县", "--dry-run", "--json") == (
        0,
        {"created": 5, "updated": 0, "errors": [], "flagged": 0, "notices": []},
    )
    assert RectificationItem.objects.count() == 0


def test_command_exits_1_and_lists_errors(county_a, tmp_path):
    code, result = run_command(str(without_description(tmp_path / "l.xlsx")), "--county", "甲县", "--json")
    assert code == 1
    assert result == {
        "created": 0,
        "updated": 0,
        "errors": [{"row": 4, "message": "没有问题描述，请补上或删除该行"}],
        "flagged": 0,
        "notices": [],
    }
    assert RectificationItem.objects.count() == 0


def test_command_reports_a_file_that_is_not_a_workbook(county_a, tmp_path):
    path = tmp_path / "l.xlsx"
    path.write_text("not a workbook")
    code, result = run_command(str(path), "--county", "甲县", "--json")
    assert code == 1 and result["errors"][0]["message"].startswith("该文件不是 Excel")


# ---- the web flow: upload → preview → confirm ----------------------------------------------------


def upload(client, county, path, kind=RECT):
    return client.post(
        reverse("ledger_import_new", args=[county.pk]),
        {"kind": kind, "file": SimpleUploadedFile(path.name, path.read_bytes())},
    )


def test_upload_shows_a_preview_and_writes_only_after_confirmation(
    client, alice, county_a, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, county_a, messy_ledger(tmp_path / "l.xlsx"))
    ledger_import = LedgerImport.objects.get()
    assert response.url == reverse("ledger_import_detail", args=[ledger_import.pk])
    assert ledger_import.file.read() == (tmp_path / "l.xlsx").read_bytes()  # the original is kept
    assert ledger_import.status == "preview" and ledger_import.summary["create"] == 5
    assert RectificationItem.objects.count() == 0
    page = client.get(response.url).content.decode()
    assert 'id="count-create">5<' in page and "确认导入" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ledger_import_confirm", args=[ledger_import.pk]))
    ledger_import.refresh_from_db()
    assert ledger_import.status == "done" and ledger_import.confirmed_by == alice
    assert items(county_a) == MESSY_ITEMS
    status = client.get(reverse("ledger_import_status", args=[ledger_import.pk])).json()
    # Progress counts the rows with content under the header: five problems and the signature line.
    assert status["busy"] is False and status["rows_done"] == status["rows_total"] == 6
    # Each step is in the import's history, with who took it and why, and on its page.
    history = [
        (e.old_status_label, e.new_status_label, e.actor.username if e.actor else None, e.reason)
        for e in ledger_import.events.order_by("id")
    ]
    assert history == [
        ("", "排队中", "alice", "上传"),
        ("排队中", "解析中", None, ""),
        ("解析中", "待确认", None, ""),
        ("待确认", "导入中", "alice", "确认导入"),
        ("导入中", "已导入", None, ""),
    ]
    page = client.get(reverse("ledger_import_detail", args=[ledger_import.pk])).content.decode()
    assert "处理记录" in page and "待确认 → 导入中 确认导入" in page


def test_a_preview_with_errors_cannot_be_confirmed(
    client, alice, county_a, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, county_a, without_description(tmp_path / "l.xlsx"))
    ledger_import = LedgerImport.objects.get()
    page = client.get(reverse("ledger_import_detail", args=[ledger_import.pk])).content.decode()
    assert "第4行：没有问题描述" in page and "确认导入" not in page
    client.post(reverse("ledger_import_confirm", args=[ledger_import.pk]))
    ledger_import.refresh_from_db()
    assert ledger_import.status == "preview" and RectificationItem.objects.count() == 0


def test_a_corrupt_upload_fails_with_a_message(client, alice, county_a, tmp_path, django_capture_on_commit_callbacks):
    client.force_login(alice)
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, county_a, path)
    ledger_import = LedgerImport.objects.get()
    assert ledger_import.status == "failed" and "损坏" in ledger_import.failure_reason
    failed = ledger_import.events.get(new_status="failed")  # the history keeps why, as the import does
    assert (failed.old_status, failed.reason) == ("parsing", ledger_import.failure_reason)
    assert "损坏" in client.get(reverse("ledger_import_detail", args=[ledger_import.pk])).content.decode()


def test_the_item_page_shows_what_needs_checking(client, alice, county_a, tmp_path):
    import_workbook(county=county_a, kind=RECT, path=messy_ledger(tmp_path / "l.xlsx", deadline_of_row_3="待批复后"))
    client.force_login(alice)
    item = RectificationItem.objects.get(ledger_number="3")
    page = client.get(reverse("rectification_detail", args=[item.pk])).content.decode()
    assert 'id="needs-check"' in page and "整改时限：“待批复后”" in page
    other = RectificationItem.objects.get(ledger_number="2")
    assert 'id="needs-check"' not in client.get(reverse("rectification_detail", args=[other.pk])).content.decode()


def test_progress_counts_the_filled_rows_of_the_template_not_its_formatted_blank_ones(
    client, alice, county_a, tmp_path, django_capture_on_commit_callbacks
):
    from io import BytesIO

    from openpyxl import load_workbook

    from tracker.workbooks import RECTIFICATION, template_workbook

    book = load_workbook(BytesIO(template_workbook(RECTIFICATION)))
    sheet = book.worksheets[0]
    assert sheet.max_row > 1000  # the template formats two thousand rows for the office to fill
    for row, (number, description) in enumerate([("1", "学习计划执行不严"), ("2", "调研走过场"), ("3", "台账更新不及时")], 3):
        sheet.cell(row=row, column=1, value=number)
        sheet.cell(row=row, column=2, value=description)
    path = tmp_path / "模板台账.xlsx"
    book.save(path)
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        upload(client, county_a, path)

    ledger_import = LedgerImport.objects.get()
    assert (ledger_import.rows_done, ledger_import.rows_total) == (3, 3)
    assert ledger_import.summary["create"] == 3
