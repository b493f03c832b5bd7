"""reports.ledger read on workbooks built like the ones offices keep (no database needed)."""

import datetime
import zipfile

import pytest
from openpyxl import Workbook

from reports.ledger.cells import parse_date, read_deadline, read_status
from reports.ledger.reading import read_workbook
from reports.ledger.sheets import UnreadableLedger
from reports.ledger.vocabulary import default_vocabulary
from tests.reports.ledger.workbooks import FIELDS, MESSY_ITEMS, messy_ledger, save, template_ledger
from tracker.workbooks import RECTIFICATION

VOCABULARY = default_vocabulary(RECTIFICATION)


def read(path, **kwargs):
    return read_workbook(path, RECTIFICATION, VOCABULARY, **kwargs)


def test_it_reads_a_messy_ledger_into_exact_rows(tmp_path):
    parsed = read(messy_ledger(tmp_path / "l.xlsx"))
    assert parsed.sheet == "问题清单"
    assert (parsed.header_row, parsed.header.first_data_row + 1) == (3, 5)
    assert parsed.errors == ()
    assert [r.number for r in parsed.rows] == [5, 6, 7, 8, 9]
    assert [tuple(r.values[f] for f in FIELDS) for r in parsed.rows] == [
        (n, d, s, lv, u, p, dl, m) for n, d, s, lv, u, p, dl, m in MESSY_ITEMS
    ]


def test_an_unreadable_deadline_keeps_its_text_and_flags_the_row(tmp_path):
    parsed = read(messy_ledger(tmp_path / "l.xlsx", deadline_of_row_3="等省里通知"))
    assert parsed.errors == ()
    assert [r.number for r in parsed.rows] == [5, 6, 7, 8, 9]
    row = parsed.rows[2]
    assert (row.needs_check, row.unread, row.values["deadline"]) == (True, {"整改时限": "等省里通知"}, None)
    assert parsed.notices == ("“完成时限”有1行无法识别（第7行）：原文已保留，相应问题标为“需核实”。",)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2023-11-30", datetime.date(2023, 11, 30)),
        ("2023.11.30", datetime.date(2023, 11, 30)),
        ("2023/1/5", datetime.date(2023, 1, 5)),
        ("2023年11月30日", datetime.date(2023, 11, 30)),
        ("２０２３年１１月３０日", datetime.date(2023, 11, 30)),
        ("2023 年 11 月 30 日", datetime.date(2023, 11, 30)),
        ("20231130", datetime.date(2023, 11, 30)),
        ("2023-11-30 00:00:00", datetime.date(2023, 11, 30)),
        (datetime.datetime(2023, 11, 30, 9, 0), datetime.date(2023, 11, 30)),
        (45260, datetime.date(2023, 11, 30)),
        (45260.0, datetime.date(2023, 11, 30)),
        ("", None),
        (None, None),
    ],
)
def test_it_reads_the_dates_offices_write(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["十一月底", "2023-02-30", "2023年11月", "11/30", 12, "2023-13-01"])
def test_it_refuses_dates_it_cannot_be_sure_of(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_header_names_with_notes_and_spaces_are_recognised():
    names = ["编 号", "问题描述（具体表现）", "责任人及联系方式", "整改时限*", "备注"]
    assert [VOCABULARY.field_of(n) and VOCABULARY.field_of(n)[0] for n in names] == [
        "ledger_number",
        "description",
        "responsible_person",
        "deadline",
        None,
    ]


def test_a_choice_written_inside_longer_text_is_read_and_an_unknown_one_is_kept_as_text(tmp_path):
    path = template_ledger(
        tmp_path / "t.xlsx",
        [["1", "问题甲", "群众反映问题", "单位"], ["2", "问题乙", "上级交办", "单位"]],
    )
    parsed = read(path)
    assert parsed.rows[0].values["source"] == "public"
    assert "source" not in parsed.rows[1].values and parsed.rows[1].unread == {"问题来源": "上级交办"}
    assert parsed.errors == ()


def test_only_a_row_without_a_description_is_an_error_and_repeated_numbers_are_told_apart(tmp_path):
    path = template_ledger(
        tmp_path / "t.xlsx", [["1", "问题甲"], ["", "问题乙"], ["1", "问题丙"], ["3", "", "群众反映"], ["1", "问题甲"]]
    )
    parsed = read(path)
    assert [str(e) for e in parsed.errors] == ["第6行：没有问题描述，请补上或删除该行"]
    assert [(r.values["ledger_number"], r.needs_check, r.unread) for r in parsed.rows] == [
        ("1", False, {}),
        ("", False, {}),
        ("1-2", True, {"编号": "1"}),
        ("1-3", True, {"编号": "1"}),
    ]


@pytest.mark.parametrize(
    "value, expected, kind",
    [
        ("2023年12月底前", datetime.date(2023, 12, 31), ""),
        ("2024年6月底", datetime.date(2024, 6, 30), ""),
        ("2023.9.30", datetime.date(2023, 9, 30), ""),
        ("12月底前", datetime.date(2023, 12, 31), ""),
        ("3月底前", datetime.date(2024, 3, 31), ""),  # written in November: next March
        ("2024年1月15日前", datetime.date(2024, 1, 15), ""),
        ("2023年10月至12月底", datetime.date(2023, 12, 31), ""),
        (datetime.datetime(2023, 4, 30), datetime.date(2023, 4, 30), ""),
        ("立行立改", None, "immediate"),
        ("长期坚持", None, "ongoing"),
        ("", None, ""),
    ],
)
def test_deadlines_as_offices_write_them(value, expected, kind):
    deadline = read_deadline(value, VOCABULARY, reported=datetime.date(2023, 11, 20))
    assert (deadline.date, deadline.kind) == (expected, kind)


@pytest.mark.parametrize("value", ["等通知", "2023年2月30日", "13月底前"])
def test_deadlines_that_cannot_be_read_are_refused(value):
    with pytest.raises(ValueError):
        read_deadline(value, VOCABULARY, reported=datetime.date(2023, 11, 20))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("已完成", "closed"),
        ("已销号", "closed"),
        ("正在整改：已制定方案，按计划推进", "in_progress"),
        ("推进中", "in_progress"),
        ("长期坚持", "in_progress"),
        ("未启动", "open"),
        ("未完成", "open"),
        ("已整改待审核", "closed"),
        ("100%", "closed"),
        ("60%", "in_progress"),
        ("0%", "open"),
        ("", ""),
    ],
)
def test_status_words_and_narratives(value, expected):
    assert read_status(value, VOCABULARY) == expected


def test_a_status_the_vocabulary_does_not_know_is_refused():
    with pytest.raises(ValueError):
        read_status("见附件", VOCABULARY)


def test_a_sheet_without_a_known_header_is_refused_with_a_clear_message(tmp_path):
    wb = Workbook()
    wb.active.append(["姓名", "电话"])
    with pytest.raises(UnreadableLedger, match="没有找到整改台账的表头"):
        read(save(wb, tmp_path / "x.xlsx"))


def _zip(path, members):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 Excel"),
        ("编号,问题描述\n1,问题\n".encode(), "不是 Excel"),
        (b"PK\x03\x04" + b"\x01" * 200, "损坏"),
    ],
)
def test_files_that_are_not_workbooks_get_a_chinese_message(tmp_path, content, message):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(UnreadableLedger, match=message):
        read(path)


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = _zip(tmp_path / "x.xlsx", {"readme.txt": "hello"})
    with pytest.raises(UnreadableLedger, match="不是 Excel"):
        read(path)


def test_a_damaged_workbook_is_refused(tmp_path):
    path = _zip(tmp_path / "x.xlsx", {"xl/workbook.xml": "<not-xml", "[Content_Types].xml": "<x/>"})
    with pytest.raises(UnreadableLedger, match="损坏"):
        read(path)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    path = _zip(tmp_path / "x.xlsx", {"xl/workbook.xml": "<x/>"})
    # Written in chunks: 300 MB in one bytes object would raise this process's peak memory for later tests.
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive, archive.open(
        "xl/worksheets/sheet1.xml", "w", force_zip64=True
    ) as member:
        for _ in range(300):
            member.write(b"\0" * (1024 * 1024))
    with pytest.raises(UnreadableLedger, match="压缩炸弹"):
        read(path)




def test_a_layout_with_split_headings_restarting_numbers_and_tick_columns(tmp_path):
    """Headers matched by part of a known name, sub-headings split over the number and description
    cells, numbers restarting under each heading, status ticks under status words on one header row,
    a total row and pre-numbered empty rows below."""
    wb = Workbook()
    ws = wb.active
    ws.append(["丙镇整改问题清单（填报时间：2023年9月1日）"])
    ws.append(["编号", "主要问题", "主要整改措施", "第一责任人", "计划完成时间", "已完成", "推进中", "未启动"])
    ws.append(["一", "服务群众方面（2个）"])
    ws.append([1, "便民服务窗口午间无人值守", "推行午间轮值", "周某", "2023年底前", "√", None, None])
    ws.append([2, "村级事务公开不及时", "每月5日前公开", "吴某", "10月底前", None, "✓", None])
    ws.append(["二", "干部作风方面（1个）"])
    ws.append([1, "个别干部上班期间脱岗", "实行在岗抽查通报", "郑某", "长期坚持", None, None, "√"])
    ws.append(["合计", "3个", None, None, None, 1, 1, 1])
    for n in range(4, 40):
        ws.append([n])
    parsed = read(save(wb, tmp_path / "varied.xlsx"))
    got = [
        (r.values["ledger_number"], r.values["category"], r.values["responsible_person"], r.values["deadline"],
         r.values["status"])
        for r in parsed.rows
    ]
    assert got == [
        ("1", "服务群众方面", "周某", datetime.date(2023, 12, 31), "closed"),
        ("2", "服务群众方面", "吴某", datetime.date(2023, 10, 31), "in_progress"),
        ("2-1", "干部作风方面", "郑某", None, "open"),
    ]
    assert parsed.errors == () and parsed.content_rows == 6


def test_a_yes_no_column_and_a_month_only_report_date(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["丁县问题整改台账", None, None, "截至2023年11月"])
    ws.append(["序号", "问题描述", "完成时限", "是否销号"])
    ws.append([1, "窗口服务态度生硬", "12月底前", "是"])
    ws.append([2, "停车难问题突出", "3月底前", "否"])
    parsed = read(save(wb, tmp_path / "yesno.xlsx"))
    assert [(r.values["status"], r.values["deadline"], r.needs_check) for r in parsed.rows] == [
        ("closed", datetime.date(2023, 12, 31), False),
        ("", datetime.date(2024, 3, 31), False),
    ]


def test_a_sub_heading_with_its_count_in_another_column(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "问题描述", "整改措施", "问题数"])
    ws.append(["一、基层治理方面", None, None, 1])
    ws.append([1, "网格员队伍流动性大", "落实网格员待遇保障", None])
    parsed = read(save(wb, tmp_path / "counted.xlsx"))
    assert parsed.errors == () and [r.values["category"] for r in parsed.rows] == ["基层治理方面"]


def test_the_report_date_under_the_table_gives_the_year_of_a_deadline_without_one(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "问题描述", "完成时限"])
    ws.append([1, "农村饮水水质检测不及时", "11月底前"])
    ws.append(["填表人：马某", None, "填报日期：2022年10月9日"])
    parsed = read(save(wb, tmp_path / "footer-date.xlsx"))
    assert parsed.rows[0].values["deadline"] == datetime.date(2022, 11, 30)


def test_the_detail_sheet_wins_over_a_hidden_copy_and_an_empty_template(tmp_path):
    wb = Workbook()
    empty = wb.active
    empty.title = "空白模板"
    empty.append(["序号", "问题描述", "问题类别", "责任单位", "责任人", "整改措施", "完成时限", "整改状态"])
    old = wb.create_sheet("上月")
    old.append(["序号", "问题描述", "问题类别", "责任单位", "责任人", "整改措施", "完成时限", "整改状态"])
    old.append([1, "旧表中的问题", "作风", "县委办", "甲", "旧措施", "2023-09-30", "未启动"])
    old.sheet_state = "hidden"
    detail = wb.create_sheet("明细")
    detail.append(["序号", "问题描述", "责任单位", "整改措施", "完成时限"])
    detail.append([1, "本月的问题", "县委办", "新措施", "2023-12-31"])
    parsed = read(save(wb, tmp_path / "sheets.xlsx"))
    assert parsed.sheet == "明细" and [r.values["description"] for r in parsed.rows] == ["本月的问题"]
