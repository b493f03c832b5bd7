"""Workbook files opened as grids of cell values with their merged ranges: .xlsx through openpyxl,
Excel 97-2003 (.xls) through xlrd, and what xlrd cannot read (WPS .et, odd .xls) through LibreOffice.
Merged cells are filled the way a reader of the sheet sees them."""

import datetime
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.datetime import from_excel

from reports.readers.base import UnreadableDocument
from reports.readers.office import libreoffice_convert
from reports.readers.safezip import zip_members

NOT_A_WORKBOOK = "该文件不是 Excel 表格（.xlsx、.xls）或 WPS 表格（.et），请上传本县台账的表格文件。"
DAMAGED = "文件已损坏或不是有效的 Excel 文件，无法读取。"
NOT_CONVERTIBLE = (
    "无法读取该表格（旧版 Excel 或 WPS 表格）：请在 Excel 或 WPS 中“另存为”.xlsx 格式后重新上传。"
)
# Sheets formatted far below their content end after this many blank rows in a row.
BLANK_RUN_LIMIT = 1000
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+):([A-Z]+\d+)"')
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class UnreadableLedger(ValueError):
    """The file is not a workbook we can read; the message is shown to the uploader as is."""


@dataclass
class Sheet:
    """One sheet's cell values (rows of equal length) and merged ranges as (row0, col0, row1, col1),
    0-based and inclusive."""

    title: str
    rows: list[list[Any]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: bool = False  # offices hide old copies and drop-down lists in sheets of their own

    def filled(self) -> tuple[list[list[Any]], set[tuple[int, int]]]:
        """Rows with every merged cell holding its range's value, and the cells filled sideways
        (a header group such as 整改情况 over three columns, a sub-heading across the table)."""
        rows = [list(row) for row in self.rows]
        sideways = set()
        for r0, c0, r1, c1 in self.merges:
            if r0 >= len(rows):
                continue
            value = rows[r0][c0] if c0 < len(rows[r0]) else None
            for r in range(r0, min(r1, len(rows) - 1) + 1):
                for c in range(c0, min(c1, len(rows[r]) - 1) + 1):
                    rows[r][c] = value
                    if c != c0:
                        sideways.add((r, c))
        return rows, sideways


def _trimmed(rows) -> list[list[Any]]:
    """Rows up to the last one with content, stopping after a long run of blank rows."""
    kept: list[list[Any]] = []
    last, blank_run = 0, 0
    for row in rows:
        row = list(row)
        if any(v is not None and v != "" for v in row):
            blank_run = 0
            kept.append(row)
            last = len(kept)
        else:
            blank_run += 1
            if blank_run > BLANK_RUN_LIMIT:
                break
            kept.append(row)
    kept = kept[:last]
    width = max((len(r) for r in kept), default=0)
    for row in kept:
        row.extend([None] * (width - len(row)))
    return kept


def _xlsx_merges(archive: zipfile.ZipFile, member: str) -> list[tuple[int, int, int, int]]:
    # openpyxl's streaming mode does not report merged cells; they are a short list at the sheet's end.
    data = archive.read(member)
    merges = []
    for first, last in _MERGE.findall(data):
        c0, r0, c1, r1 = range_boundaries(f"{first.decode()}:{last.decode()}")
        merges.append((r0 - 1, c0 - 1, r1 - 1, c1 - 1))
    return merges


def _column_of(reference: str) -> int:
    number = 0
    for char in reference:
        if char.isdigit():
            break
        number = number * 26 + ord(char) - 64
    return number - 1


class _CellReader:
    """Cell values of a sheet's XML as Python values. openpyxl's streaming reader builds an object per
    cell and takes seconds per ten thousand rows; this reads the same values from the same XML in a
    fraction of that, with openpyxl's shared strings and date styles."""

    def __init__(self, shared_strings, date_styles, epoch):
        self.shared, self.date_styles, self.epoch = shared_strings, date_styles, epoch

    def value(self, cell) -> Any:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            return "".join(t.text or "" for t in cell.iter(f"{_MAIN}t") if t.getparent().tag != f"{_MAIN}rPh") or None
        raw = cell.findtext(f"{_MAIN}v")
        if raw is None or raw == "":
            return None
        if kind == "s":
            return self.shared[int(raw)]
        if kind in ("str", "e"):
            return raw if kind == "str" else None
        if kind == "b":
            return raw == "1"
        if kind == "d":
            return datetime.datetime.fromisoformat(raw)
        number = float(raw)
        if number.is_integer() and "." not in raw and "E" not in raw.upper():
            number = int(raw)
        if int(cell.get("s", 0)) in self.date_styles:
            return from_excel(number, self.epoch)
        return number

    def rows(self, stream):
        index = -1
        for _, row in etree.iterparse(stream, tag=f"{_MAIN}row", resolve_entities=False, no_network=True):
            number = row.get("r")
            index = int(number) - 1 if number else index + 1
            values: list[Any] = []
            for cell in row.iterchildren(f"{_MAIN}c"):
                reference = cell.get("r")
                column = _column_of(reference) if reference else len(values)
                if column > len(values):
                    values.extend([None] * (column - len(values)))
                values.append(self.value(cell))
            yield index, values
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]


def _numbered(indexed_rows):
    """Rows at their sheet positions (rows the XML leaves out are blank)."""
    position = 0
    for index, values in indexed_rows:
        while position < index:
            yield []
            position += 1
        yield values
        position += 1


def _read_xlsx(path: Path) -> list[Sheet]:
    try:
        members = zip_members(path)
    except UnreadableDocument as exc:
        raise UnreadableLedger(str(exc)) from None
    if "xl/workbook.xml" not in members:
        raise UnreadableLedger(NOT_A_WORKBOOK)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged archives; all mean the same here
        raise UnreadableLedger(DAMAGED) from exc
    sheets = []
    try:
        with zipfile.ZipFile(path) as archive:
            for worksheet in workbook.worksheets:
                if not hasattr(worksheet, "iter_rows"):  # chart sheets
                    continue
                # openpyxl's streaming sheets keep their XML path and the workbook's shared strings privately.
                reader = _CellReader(worksheet._shared_strings, workbook._date_formats, workbook.epoch)
                member = worksheet._worksheet_path.lstrip("/")
                with archive.open(member) as stream:
                    rows = _trimmed(_numbered(reader.rows(stream)))
                hidden = worksheet.sheet_state != "visible"
                sheets.append(Sheet(worksheet.title, rows, _xlsx_merges(archive, member), hidden))
    except UnreadableLedger:
        raise
    except Exception as exc:
        raise UnreadableLedger(DAMAGED) from exc
    finally:
        workbook.close()
    return sheets


def _read_xls(path: Path) -> list[Sheet]:
    import xlrd

    book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    sheets = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            rows = []
            for r in range(sheet.nrows):
                row = []
                for cell in sheet.row(r):
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        value: Any = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                    elif cell.ctype in (xlrd.XL_CELL_TEXT, xlrd.XL_CELL_NUMBER):
                        value = cell.value
                    elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                        value = bool(cell.value)
                    else:
                        value = None
                    row.append(value if value != "" else None)
                rows.append(row)
            merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
            sheets.append(Sheet(sheet.name, _trimmed(rows), merges, hidden=sheet.visibility != 0))
    finally:
        book.release_resources()
    return sheets


def _read_converted(path: Path, suffix: str) -> list[Sheet]:
    """Let LibreOffice turn the file into .xlsx, then read that."""
    with tempfile.TemporaryDirectory(prefix="ledger-convert-") as workdir:
        source = Path(workdir) / f"workbook{suffix}"  # a plain name: the uploaded one may contain anything
        shutil.copyfile(path, source)
        try:
            # Forced for .xls: when its Excel filter fails LibreOffice falls back to reading the bytes as text.
            import_filter = None if suffix == ".et" else "MS Excel 97"
            converted = libreoffice_convert(source, "xlsx", Path(workdir), import_filter=import_filter)
        except (UnreadableDocument, OSError):
            raise UnreadableLedger(NOT_CONVERTIBLE) from None
        return _read_xlsx(converted)


def read_sheets(path: Path, *, name: str = "") -> list[Sheet]:
    """Every worksheet of the file at `path` (`name`, the uploaded name, tells .et from .xls).
    Raises UnreadableLedger with a message for the uploader."""
    with path.open("rb") as file:
        magic = file.read(8)
    suffix = Path(name or path.name).suffix.lower()
    if magic.startswith(b"PK\x03\x04"):
        return _read_xlsx(path)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        if suffix != ".et":
            try:
                return _read_xls(path)
            except Exception:  # xlrd's many error types: try LibreOffice before giving up
                pass
        return _read_converted(path, ".et" if suffix == ".et" else ".xls")
    raise UnreadableLedger(NOT_A_WORKBOOK)
