"""Workbooks the tracker writes: the import template and exported lists."""

import datetime
import io
import zipfile

from openpyxl import load_workbook

from reports.ledger.reading import read_workbook
from reports.ledger.vocabulary import default_vocabulary
from tracker.workbooks import RECTIFICATION, export_csv, export_xlsx, template_workbook


def test_the_template_has_chinese_headers_and_drop_downs(tmp_path):
    path = tmp_path / "template.xlsx"
    path.write_bytes(template_workbook(RECTIFICATION))
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[2]][:3] == ["编号", "问题描述*", "问题来源"]
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {
        "C3:C2002": '"检视查摆,调查研究,群众反映,指导组反馈,专项整治"',
        "D3:D2002": '"领导班子,党员个人,单位"',
        "I3:I2002": '"未整改,整改中,已整改待审核,已销号"',
    }
    # The blank template reads back as a ledger without rows (its header is found, nothing else is).
    assert read_workbook(path, RECTIFICATION, default_vocabulary(RECTIFICATION)).rows == ()


def test_export_writes_formula_like_text_as_text(tmp_path):
    data = export_xlsx(
        "整改台账", ["编号", "问题描述"], [["1", '=HYPERLINK("http://example.com","点击")'], ["2", "+86 电话"]]
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert [(c.value, c.data_type) for c in sheet[2]] == [("1", "s"), ('=HYPERLINK("http://example.com","点击")', "s")]
    assert (sheet["B3"].value, sheet["B3"].data_type) == ("+86 电话", "s")
    # The stored XML holds it as a string, never as a <f> formula element.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_csv_export_has_a_bom_and_defuses_formulas():
    data = export_csv(
        ["编号", "问题描述", "整改时限"],
        [["1", '=HYPERLINK("x")', datetime.date(2023, 11, 30)], ["2", "@SUM(A1)", None]],
    )
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == [
        "编号,问题描述,整改时限",
        '1,"\'=HYPERLINK(""x"")",2023-11-30',
        "2,'@SUM(A1),",
    ]
