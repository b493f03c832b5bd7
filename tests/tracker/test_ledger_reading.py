"""reports.ledger read on workbooks built like the ones offices keep (no database needed)."""

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from reports import ledger
from tests.tracker.workbooks import FIELDS, MESSY_ITEMS, messy_ledger, save, template_ledger


def test_it_reads_a_messy_ledger_into_exact_rows(tmp_path):
    parsed = ledger.read_workbook(messy_ledger(tmp_path / "l.xlsx"), ledger.RECTIFICATION)
    assert parsed.sheet == "问题清单"
    assert parsed.first_data_row == 5
    assert parsed.errors == ()
    assert [r.number for r in parsed.rows] == [5, 6, 7, 8, 9]
    assert [tuple(r.values[f] for f in FIELDS) for r in parsed.rows] == [
        (n, d, s, lv, u, p, dl, m) for n, d, s, lv, u, p, dl, m in MESSY_ITEMS
    ]


def test_it_reports_an_unreadable_date_with_its_row(tmp_path):
    parsed = ledger.read_workbook(messy_ledger(tmp_path / "l.xlsx", deadline_of_row_3="十一月底"), ledger.RECTIFICATION)
    assert [str(e) for e in parsed.errors] == ["第7行：整改时限“十一月底”无法识别，请写成2023-11-30的形式"]
    assert [r.number for r in parsed.rows] == [5, 6, 8, 9]


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
        ("长期坚持", None),
        ("", None),
        (None, None),
    ],
)
def test_it_reads_the_dates_offices_write(value, expected):
    assert ledger.parse_date(value) == expected


@pytest.mark.parametrize("value", ["十一月底", "2023-02-30", "2023年11月", "11/30", 12, "2023-13-01"])
def test_it_refuses_dates_it_cannot_be_sure_of(value):
    with pytest.raises(ValueError):
        ledger.parse_date(value)


def test_header_names_with_notes_and_spaces_are_recognised():
    mapping = ledger.match_header(
        ["编 号", "问题描述（具体表现）", "责任人及联系方式", "整改时限*", "备注"], ledger.RECTIFICATION
    )
    assert mapping == {0: "ledger_number", 1: "description", 2: "responsible_person", 3: "deadline"}


def test_a_choice_written_inside_longer_text_is_read_and_an_unknown_one_is_an_error(tmp_path):
    path = template_ledger(
        tmp_path / "t.xlsx",
        [["1", "问题甲", "群众反映问题", "单位"], ["2", "问题乙", "上级交办", "单位"]],
    )
    parsed = ledger.read_workbook(path, ledger.RECTIFICATION)
    assert parsed.rows[0].values["source"] == "public"
    assert [str(e) for e in parsed.errors] == [
        "第4行：问题来源“上级交办”无法识别，应为：检视查摆、调查研究、群众反映、指导组反馈、专项整治"
    ]


def test_missing_required_cells_and_repeated_numbers_are_errors(tmp_path):
    path = template_ledger(tmp_path / "t.xlsx", [["1", "问题甲"], ["", "问题乙"], ["1", "问题丙"], ["3", ""]])
    parsed = ledger.read_workbook(path, ledger.RECTIFICATION)
    assert [str(e) for e in parsed.errors] == [
        "第4行：编号为空",
        "第5行：与第3行重复（编号相同）",
        "第6行：问题描述为空",
    ]


def test_the_template_has_chinese_headers_and_drop_downs(tmp_path):
    path = tmp_path / "template.xlsx"
    path.write_bytes(ledger.template_workbook(ledger.RECTIFICATION))
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[2]][:3] == ["编号*", "问题描述*", "问题来源"]
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {
        "C3:C2002": '"检视查摆,调查研究,群众反映,指导组反馈,专项整治"',
        "D3:D2002": '"领导班子,党员个人,单位"',
        "I3:I2002": '"未整改,整改中,已整改待审核,已销号"',
    }
    assert ledger.read_workbook(path, ledger.RECTIFICATION).rows == ()


def test_a_sheet_without_a_known_header_is_refused_with_a_clear_message(tmp_path):
    wb = Workbook()
    wb.active.append(["姓名", "电话"])
    with pytest.raises(ledger.UnreadableLedger, match="没有找到整改台账的表头"):
        ledger.read_workbook(save(wb, tmp_path / "x.xlsx"), ledger.RECTIFICATION)


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
    with pytest.raises(ledger.UnreadableLedger, match=message):
        ledger.read_workbook(path, ledger.RECTIFICATION)


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = _zip(tmp_path / "x.xlsx", {"readme.txt": "hello"})
    with pytest.raises(ledger.UnreadableLedger, match="不是 Excel"):
        ledger.read_workbook(path, ledger.RECTIFICATION)


def test_a_damaged_workbook_is_refused(tmp_path):
    path = _zip(tmp_path / "x.xlsx", {"xl/workbook.xml": "<not-xml", "[Content_Types].xml": "<x/>"})
    with pytest.raises(ledger.UnreadableLedger, match="损坏"):
        ledger.read_workbook(path, ledger.RECTIFICATION)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    path = _zip(
        tmp_path / "x.xlsx", {"xl/workbook.xml": "<x/>", "xl/worksheets/sheet1.xml": b"\0" * (300 * 1024 * 1024)}
    )
    with pytest.raises(ledger.UnreadableLedger, match="压缩炸弹"):
        ledger.read_workbook(path, ledger.RECTIFICATION)


def test_export_writes_formula_like_text_as_text(tmp_path):
    data = ledger.export_xlsx(
        "整改台账", ["编号", "问题描述"], [["1", '=HYPERLINK("http://example.com","点击")'], ["2", "+86 电话"]]
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert [(c.value, c.data_type) for c in sheet[2]] == [("1", "s"), ('=HYPERLINK("http://example.com","点击")', "s")]
    assert (sheet["B3"].value, sheet["B3"].data_type) == ("+86 电话", "s")
    # The stored XML holds it as a string, never as a <f> formula element.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_csv_export_has_a_bom_and_defuses_formulas():
    data = ledger.export_csv(
        ["编号", "问题描述", "整改时限"],
        [["1", '=HYPERLINK("x")', datetime.date(2023, 11, 30)], ["2", "@SUM(A1)", None]],
    )
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == [
        "编号,问题描述,整改时限",
        '1,"\'=HYPERLINK(""x"")",2023-11-30',
        "2,'@SUM(A1),",
    ]
