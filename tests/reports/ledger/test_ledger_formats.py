"""Workbooks as other programs save them: Excel-style shared strings (here written by LibreOffice),
Excel 97-2003 (.xls) and WPS spreadsheets (.et) read through LibreOffice, and a clear message when
LibreOffice cannot read the file either."""

import json
import shutil
from pathlib import Path

import pytest

from reports.ledger.reading import read_workbook
from reports.ledger.sheets import UnreadableLedger
from reports.ledger.vocabulary import default_vocabulary
from reports.readers.office import libreoffice_convert
from tests.reports.ledger.workbooks import FIELDS, MESSY_ITEMS, messy_ledger
from tracker.workbooks import RECTIFICATION

LEDGERS = Path(__file__).resolve().parents[3].parent / "shared" / "ledgers"


def read(path):
    return read_workbook(path, RECTIFICATION, default_vocabulary(RECTIFICATION))


@pytest.mark.tool("soffice")
def test_a_workbook_saved_with_shared_strings_reads_the_same(tmp_path):
    source = messy_ledger(tmp_path / "ledger.xlsx")
    work = tmp_path / "work"
    work.mkdir()
    saved = libreoffice_convert(source, "xlsx", work)  # LibreOffice writes strings to sharedStrings.xml
    parsed = read(saved)
    assert [tuple(r.values[f] for f in FIELDS) for r in parsed.rows] == MESSY_ITEMS


@pytest.mark.shared
@pytest.mark.tool("soffice")
def test_a_wps_spreadsheet_is_read_through_libreoffice(tmp_path):
    # WPS saves .et in the Excel 97-2003 container; the uploaded name decides the route.
    path = tmp_path / "upload"
    shutil.copyfile(LEDGERS / "L01.xls", path)
    parsed = read_workbook(path, RECTIFICATION, default_vocabulary(RECTIFICATION), name="台账.et")
    gold = json.loads((LEDGERS / "L01.gold.json").read_text(encoding="utf-8"))["items"]
    assert [r.values["description"] for r in parsed.rows] == [g["description"] for g in gold]


@pytest.mark.tool("soffice")
def test_a_spreadsheet_libreoffice_cannot_read_gets_a_chinese_message(tmp_path):
    path = tmp_path / "upload"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\1" * 5000)
    with pytest.raises(UnreadableLedger, match="另存为”.xlsx"):
        read_workbook(path, RECTIFICATION, default_vocabulary(RECTIFICATION), name="台账.et")
