"""Workbooks written for users: the blank import template and lists exported as .xlsx or .csv."""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .schema import CHOICE, DATE, RECTIFICATION, Schema

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TEMPLATE_ROWS = 2000


def template_workbook(schema: Schema) -> bytes:
    """The blank .xlsx template: a title row, the header, drop-down lists on every choice column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = schema.title
    sheet.append([f"{schema.title}（请从第3行起填写，勿改动表头）"])
    sheet.append([c.label + ("*" if c.required else "") for c in schema.columns])
    for index, column in enumerate(schema.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        sheet.cell(row=2, column=index).font = Font(bold=True)
        cells = f"{letter}3:{letter}{TEMPLATE_ROWS + 2}"
        if column.kind == CHOICE:
            labels = ",".join(label for _, label in column.choices)
            validation = DataValidation(
                type="list",
                formula1=f'"{labels}"',
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle="请从下拉列表选择",
                error=f"{column.label}应为：{labels.replace(',', '、')}",
            )
            validation.add(cells)
            sheet.add_data_validation(validation)
        elif column.kind == DATE:
            for (cell,) in sheet.iter_rows(min_row=3, max_row=TEMPLATE_ROWS + 2, min_col=index, max_col=index):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A3"
    notes = workbook.create_sheet("填写说明")
    for line in _template_notes(schema):
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    return _save(workbook)


def _template_notes(schema: Schema) -> list[str]:
    lines = [f"{schema.title}填写说明", "带*的列必须填写；表头上方可以有标题行，列的顺序可以调整。"]
    for column in schema.columns:
        if column.kind == CHOICE:
            lines.append(f"{column.label}：从下拉列表选择（{'、'.join(label for _, label in column.choices)}）。")
        elif column.kind == DATE:
            lines.append(
                f"{column.label}：写成 2023-11-30、2023.11.30 或 2023年11月30日；长期坚持的事项可写“长期坚持”。"
            )
    key = "、".join(schema.column(n).label for n in schema.key)
    lines.append(f"再次导入时，{key}相同的行更新已有记录，其余行新建。")
    if schema is RECTIFICATION:
        lines.append("表中写“已完成”“已销号”的问题导入后为“已整改待审核”：销号须由审核人在系统中办理。")
    return lines


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


# Rows per worksheet in Excel, the header row included; a longer list continues on further sheets.
EXCEL_MAX_ROWS = 1_048_576


def export_xlsx(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A list as .xlsx bytes (see write_xlsx)."""
    buffer = io.BytesIO()
    write_xlsx(buffer, title, headers, rows)
    return buffer.getvalue()


def write_xlsx(
    target, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet_rows: int = EXCEL_MAX_ROWS
) -> None:
    """A list written as .xlsx to `target` (a path or binary file), row by row: openpyxl's write-only
    mode keeps neither the rows nor their strings in memory. Every text cell is written as text, so
    “=HYPERLINK(…)” is never run as a formula. Past `sheet_rows` rows (Excel's limit) the list continues
    on a new sheet (标题（2）…) that repeats the header."""
    workbook = Workbook(write_only=True)
    sheet, sheet_count, used = None, 0, sheet_rows
    for row in rows:
        if used == sheet_rows:
            sheet_count += 1
            sheet = _new_sheet(workbook, title if sheet_count == 1 else f"{title}（{sheet_count}）", headers)
            used = 1
        sheet.append([_xlsx_cell(sheet, value) for value in row])
        used += 1
    if sheet is None:
        _new_sheet(workbook, title, headers)
    workbook.save(target)


def _new_sheet(workbook: Workbook, title: str, headers: Sequence[str]):
    sheet = workbook.create_sheet(title[:31])
    header_cells = []
    for label in headers:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    return sheet


def _xlsx_cell(sheet, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store a leading "=" as a formula
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return f"'{value}" if _is_formula_like(value) else value


def export_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A list as CSV bytes (see write_csv)."""
    buffer = io.StringIO()
    write_csv(buffer, headers, rows)
    return buffer.getvalue().encode("utf-8")


def write_csv(target, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A list written as CSV to the text file `target`, row by row, starting with a byte order mark (so
    Excel shows Chinese; open the file as UTF-8). Text that a spreadsheet would run as a formula gets a
    leading apostrophe."""
    target.write("\ufeff")
    writer = csv.writer(target)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
