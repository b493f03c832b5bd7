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


def export_xlsx(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A list as .xlsx. Every text cell is written as text, so “=HYPERLINK(…)” is never run as a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    header_cells = []
    for label in headers:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would otherwise store a leading "=" as a formula
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    return _save(workbook)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return f"'{value}" if _is_formula_like(value) else value


def export_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A list as CSV in UTF-8 with a byte order mark (so Excel shows Chinese). Text that a spreadsheet
    would run as a formula gets a leading apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
