"""Excel ledgers in and out: the workbooks county offices keep, read into plain rows; lists written back.

Pure functions, no database. Reading copes with what offices really send: title rows above the
header, headers on two rows under merged cells, header names that vary between counties, and
dates written in several ways. Every problem found in a row is reported with its Excel row number;
the caller decides what to write.
"""

import csv
import datetime
import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation

from reports.readers.base import UnreadableDocument
from reports.readers.safezip import zip_members
from tracker.models import RectificationItem, ResearchTopic, StudySession

TEXT, DATE, CHOICE, COUNT = "text", "date", "choice", "count"


@dataclass(frozen=True)
class Column:
    """One column of a workbook: the field it fills, the header the template writes, the other headers
    offices use for it, and how its cells are read."""

    field: str
    label: str
    aliases: tuple[str, ...] = ()
    kind: str = TEXT
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, label)
    required: bool = False
    max_length: int | None = None
    width: int = 16


@dataclass(frozen=True)
class Schema:
    title: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # fields that identify a row, so a second import updates instead of creating

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)


RECTIFICATION = Schema(
    title="整改台账",
    key=("ledger_number",),
    columns=(
        Column(
            "ledger_number", "编号", ("序号", "台账编号", "问题编号", "编码"), required=True, max_length=32, width=8
        ),
        Column(
            "description",
            "问题描述",
            ("存在问题", "问题", "问题内容", "问题表现", "具体问题", "检视问题", "问题清单", "查摆问题"),
            required=True,
            width=40,
        ),
        Column("source", "问题来源", ("来源",), CHOICE, tuple(RectificationItem.Source.choices), width=12),
        Column(
            "level", "问题层级", ("层级", "问题层面", "层面"), CHOICE, tuple(RectificationItem.Level.choices), width=12
        ),
        Column(
            "responsible_unit",
            "责任单位",
            ("牵头单位", "责任部门", "牵头部门", "责任主体", "牵头责任单位"),
            max_length=128,
            width=18,
        ),
        Column("responsible_person", "责任人", ("责任领导", "牵头领导", "具体责任人"), max_length=64, width=10),
        Column("measures", "整改措施", ("措施", "整改举措", "整改目标及措施"), width=40),
        Column("deadline", "整改时限", ("完成时限", "完成时间", "整改期限", "时限", "时限要求"), DATE, width=14),
        Column(
            "status",
            "整改状态",
            ("状态", "整改情况", "进展情况"),
            CHOICE,
            tuple(RectificationItem.Status.choices),
            width=14,
        ),
        Column("research_topic", "来源调研课题", ("调研课题",), max_length=200, width=20),
    ),
)

STUDY = Schema(
    title="学习活动",
    key=("date", "title"),
    columns=(
        Column("date", "日期", ("学习日期", "时间", "学习时间", "活动日期", "活动时间"), DATE, required=True, width=14),
        Column(
            "kind",
            "类型",
            ("学习形式", "形式", "活动类型", "学习类型"),
            CHOICE,
            tuple(StudySession.Kind.choices),
            required=True,
        ),
        Column(
            "title",
            "主题",
            ("学习主题", "学习内容", "题目", "内容", "活动主题"),
            required=True,
            max_length=200,
            width=40,
        ),
        Column("participants", "参加人数", ("参学人数", "人数", "参会人数", "参加人员人数"), COUNT, width=10),
    ),
)

RESEARCH = Schema(
    title="调研课题",
    key=("title",),
    columns=(
        Column(
            "title", "调研课题", ("课题名称", "课题", "调研题目", "调研主题"), required=True, max_length=200, width=40
        ),
        Column("lead", "牵头领导", ("牵头县级领导", "领衔领导", "责任领导"), max_length=64, width=12),
        Column(
            "status", "状态", ("进展", "进展情况", "调研进展"), CHOICE, tuple(ResearchTopic.Status.choices), width=14
        ),
        Column("report", "调研报告摘要", ("调研报告", "成果", "调研成果", "主要成果"), width=50),
    ),
)


class UnreadableLedger(ValueError):
    """The file is not a workbook we can read; the message is shown to the uploader as is."""


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}"


@dataclass(frozen=True)
class Row:
    """One data row: its Excel row number and the values of the columns the file has.

    Columns the file lacks are absent from `values` (an import then leaves those fields alone);
    empty cells are "" for text, None for dates and counts.
    """

    number: int
    values: dict[str, Any]


@dataclass(frozen=True)
class ParsedWorkbook:
    sheet: str
    first_data_row: int
    fields: tuple[str, ...]
    rows: tuple[Row, ...]
    errors: tuple[RowError, ...] = field(default=())


# Words offices write in the deadline column of work that has no end date: no deadline, not an error.
ONGOING = frozenset({"长期坚持", "长期", "持续推进", "持续整改", "常态化推进", "长期推进"})
# The first cell of footer lines under the table (signatures, notes, totals).
FOOTER_PREFIXES = (
    "填表人",
    "填报人",
    "审核人",
    "制表人",
    "联系人",
    "负责人：",
    "注：",
    "注:",
    "备注：",
    "说明：",
    "合计",
    "小计",
)

_DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_COUNT = re.compile(r"(\d+)\s*(?:人|名|人次)?")
_NOTE = re.compile(r"\(.*?\)$")
# Excel serial numbers of 1955-01-01 .. 2119-12-31: a plain number there in a date column is a date.
_SERIAL_RANGE = (20090, 80354)
HEADER_SEARCH_ROWS = 20
PROGRESS_EVERY = 500


def normalise(text: str) -> str:
    """Full-width forms folded (NFKC) and every space removed: how headers and choices are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def parse_date(value: Any) -> datetime.date | None:
    """A deadline or activity date as offices write it: an Excel date, an Excel serial number, or text
    such as 2023-11-30, 2023.11.30, 2023/11/30, 2023年11月30日, 20231130.

    Empty cells and words for ongoing work (长期坚持) give None. Raises ValueError for anything else,
    including impossible dates.
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return from_excel(value).date()
        raise ValueError
    text = unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else ""
    if not text or normalise(text) in ONGOING:
        return None
    match = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if not match:
        raise ValueError
    year, month, day = (int(part) for part in match.groups())
    return datetime.date(year, month, day)  # ValueError for 2023-02-30


def parse_choice(value: Any, column: Column) -> str:
    """The stored value of a choice cell written as its label (or as the stored value); "" when empty.

    A cell holding exactly one label as part of longer text (“群众反映问题”) counts as that label.
    """
    text = normalise(_text(value))
    if not text:
        return ""
    for stored, label in column.choices:
        if text in (label, stored):
            return stored
    contained = [stored for stored, label in column.choices if label in text]
    if len(contained) == 1:
        return contained[0]
    raise ValueError


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return str(value).strip()


def _cell_value(value: Any, column: Column) -> Any:
    """Read one cell for `column`; raises ValueError with the user's message when it cannot be read."""
    if column.kind == DATE:
        try:
            return parse_date(value)
        except ValueError:
            raise ValueError(f"{column.label}“{_text(value)}”无法识别，请写成2023-11-30的形式") from None
    if column.kind == CHOICE:
        try:
            return parse_choice(value, column)
        except ValueError:
            allowed = "、".join(label for _, label in column.choices)
            raise ValueError(f"{column.label}“{_text(value)}”无法识别，应为：{allowed}") from None
    if column.kind == COUNT:
        if value is None or _text(value) == "":
            return None
        match = _COUNT.fullmatch(normalise(_text(value)))
        if not match:
            raise ValueError(f"{column.label}“{_text(value)}”不是人数")
        return int(match.group(1))
    text = _text(value)
    if column.max_length and len(text) > column.max_length:
        raise ValueError(f"{column.label}超过{column.max_length}个字")
    return text


def _header_field(cell: Any, aliases: dict[str, str]) -> str | None:
    if not isinstance(cell, str):
        return None
    text = _NOTE.sub("", normalise(cell).replace("*", ""))
    if text in aliases:
        return aliases[text]
    # “整改时限要求”, “责任人及联系方式”: a known header followed by a qualifier.
    for alias in sorted(aliases, key=len, reverse=True):
        if len(alias) >= 3 and text.startswith(alias):
            return aliases[alias]
    return None


def match_header(cells: Sequence[Any], schema: Schema) -> dict[int, str]:
    """{column index: field} for a header row; the leftmost column wins when two name the same field."""
    aliases = {}
    for column in schema.columns:
        for name in (column.label, *column.aliases):
            aliases.setdefault(normalise(name), column.field)
    found: dict[int, str] = {}
    for index, cell in enumerate(cells):
        name = _header_field(cell, aliases)
        if name and name not in found.values():
            found[index] = name
    return found


def find_header(rows: Sequence[Sequence[Any]], schema: Schema) -> tuple[int, dict[int, str]] | None:
    """(index of the first data row, {column index: field}) for the top rows of a sheet, or None.

    The header is the row naming the most known columns and every required one. A header split over
    two rows under merged cells (“责任落实” above “责任单位｜责任人”) is read as one: a column takes
    the lower row's name where the upper row names nothing known.
    """
    required = {c.field for c in schema.columns if c.required}
    best: tuple[int, dict[int, str]] | None = None
    for index, cells in enumerate(rows):
        mapping = match_header(cells, schema)
        start = index + 1
        if index + 1 < len(rows):
            lower = match_header(rows[index + 1], schema)
            merged = dict(mapping)
            for col, name in lower.items():
                if col not in merged and name not in merged.values():
                    merged[col] = name
            if len(merged) > len(mapping):
                mapping, start = merged, index + 2
        if required <= set(mapping.values()) and (best is None or len(mapping) > len(best[1])):
            best = (start, mapping)
    return best


def _is_footer(cells: Sequence[Any]) -> bool:
    first = next((c for c in cells if _text(c)), None)
    return isinstance(first, str) and normalise(first).startswith(FOOTER_PREFIXES)


def parse_rows(
    rows: Iterable[Sequence[Any]],
    schema: Schema,
    *,
    first_row_number: int,
    mapping: dict[int, str],
    progress: Callable[[int, int | None], None] | None = None,
    total: int | None = None,
) -> tuple[list[Row], list[RowError]]:
    """Data rows read with a header `mapping`. Blank rows and footer lines are skipped; rows repeating
    another row's key are errors."""
    columns = [(index, schema.column(name)) for index, name in sorted(mapping.items())]
    parsed: list[Row] = []
    errors: list[RowError] = []
    seen: dict[tuple, int] = {}
    number = first_row_number - 1
    for number, cells in enumerate(rows, start=first_row_number):
        if progress and number % PROGRESS_EVERY == 0:
            progress(number, total)
        cells = tuple(cells)
        if not any(_text(c) for c in cells):
            continue
        values, problems = {}, []
        for index, column in columns:
            try:
                values[column.field] = _cell_value(cells[index] if index < len(cells) else None, column)
            except ValueError as exc:
                problems.append(str(exc))
        missing = [c.label for _, c in columns if c.required and c.field in values and values[c.field] in ("", None)]
        if missing and _is_footer(cells):
            continue
        problems.extend(f"{label}为空" for label in missing)
        if not problems:
            key = tuple(values.get(name) for name in schema.key)
            if key in seen:
                problems.append(f"与第{seen[key]}行重复（{'、'.join(schema.column(n).label for n in schema.key)}相同）")
            else:
                seen[key] = number
        if problems:
            errors.extend(RowError(number, message) for message in problems)
        else:
            parsed.append(Row(number, values))
    if progress:
        progress(number, total)
    return parsed, errors


def check_workbook_file(path: Path) -> None:
    """Refuse, with a message for the uploader, anything that is not a safe .xlsx archive."""
    with path.open("rb") as file:
        magic = file.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableLedger("暂不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为”.xlsx 格式后上传。")
    if not magic.startswith(b"PK\x03\x04"):
        raise UnreadableLedger("该文件不是 Excel（.xlsx）文件，请使用下载的模板或本县台账的 .xlsx 文件。")
    try:
        members = zip_members(path)
    except UnreadableDocument as exc:
        raise UnreadableLedger(str(exc)) from None
    if "xl/workbook.xml" not in members:
        raise UnreadableLedger("该文件不是 Excel（.xlsx）文件，请使用下载的模板或本县台账的 .xlsx 文件。")


def read_workbook(
    path: Path, schema: Schema, *, progress: Callable[[int, int | None], None] | None = None
) -> ParsedWorkbook:
    """Read the first sheet that has a header for `schema` into rows and row errors.

    Streams the sheet (openpyxl read-only mode), so memory grows with the rows kept, not the file.
    `progress(rows_done, rows_total)` is called every few hundred rows; rows_total is the sheet's
    declared size and may be None. Raises UnreadableLedger for files that are not safe, readable
    .xlsx workbooks or that have no recognisable header.
    """
    check_workbook_file(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged archives; all mean the same here
        raise UnreadableLedger("文件已损坏或不是有效的 Excel 文件，无法读取。") from exc
    try:
        for sheet in workbook.worksheets:
            if not hasattr(sheet, "iter_rows"):  # chart sheets
                continue
            total = sheet.max_row
            sheet.reset_dimensions()  # declared sizes are often wrong; read to the real end
            rows = sheet.iter_rows(values_only=True)
            top = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
            header = find_header(top, schema)
            if header is None:
                continue
            start, mapping = header
            parsed, errors = parse_rows(
                itertools.chain(top[start:], rows),
                schema,
                first_row_number=start + 1,
                mapping=mapping,
                progress=progress,
                total=total,
            )
            return ParsedWorkbook(
                sheet=sheet.title,
                first_data_row=start + 1,
                fields=tuple(mapping[i] for i in sorted(mapping)),
                rows=tuple(parsed),
                errors=tuple(errors),
            )
    except UnreadableLedger:
        raise
    except Exception as exc:
        raise UnreadableLedger("文件已损坏或不是有效的 Excel 文件，无法读取。") from exc
    finally:
        workbook.close()
    required = "、".join(f"“{c.label}”" for c in schema.columns if c.required)
    raise UnreadableLedger(f"没有找到{schema.title}的表头：表格前{HEADER_SEARCH_ROWS}行中应有{required}等列名。")


# ---- writing ---------------------------------------------------------------------------------------

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
        lines.append("整改状态只对新建的问题生效，且最多为“已整改待审核”：销号须由审核人在系统中办理。")
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
