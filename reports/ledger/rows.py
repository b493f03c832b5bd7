"""The rows under a header read into values: problem rows become rows, sub-heading rows
(一、理论学习方面（8个）) become the category of the rows under them, and blank, total, note and
signature rows are skipped. A cell that cannot be read keeps its text and flags its row."""

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tracker.workbooks import CHOICE, COUNT, DATE, TEXT, Column, Schema

from .cells import is_mark, parse_choice, parse_date, read_count, read_deadline, read_status, text_of
from .headers import MARK_PREFIX, STATUS, Header
from .vocabulary import CLOSED, Vocabulary, normalise

PROGRESS_EVERY = 500
# Fields whose unreadable cell makes the item 需核实; the others (问题来源, 问题层级) keep a default.
CHECKED_FIELDS = ("status", "deadline", "research_topic", "ledger_number")
_NUMERAL = "一二三四五六七八九十百零〇"
_HEADING_NUMBER = re.compile(rf"^(?:[{_NUMERAL}]+[、.．]|[(（][{_NUMERAL}\d]+[)）]|第[{_NUMERAL}\d]+(?:部分|类|项|方面)[、：:\s]*)")
_HEADING_COUNT = re.compile(r"[(（]\s*(?:共|计)?\s*\d+\s*(?:个|项|条|件)(?:问题)?\s*[)）]\s*[:：]?$")
_REPORTED = re.compile(
    r"(?:填报|截至|截止|统计|报送|填表)(?:时间|日期)?\s*[:：]?\s*(\d{4})\s*[-./年]\s*(\d{1,2})(?:\s*[-./月]\s*(\d{1,2}))?"
)
_BARE_NUMBER = re.compile(r"[\d.\-、]+")
_YEAR = re.compile(r"(20\d\d)\s*年")


@dataclass
class Row:
    """One problem row: its Excel row number, the values read (absent for columns the file lacks),
    the text of cells that could not be read ({column label: text}) and whether to check it."""

    number: int
    values: dict[str, Any]
    unread: dict[str, str] = field(default_factory=dict)
    needs_check: bool = False


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}"


@dataclass
class ReadRows:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    content_rows: int = 0


def report_date(top: Sequence[Sequence[Any]], today: datetime.date) -> datetime.date:
    """The date of the report, for deadlines written without a year: 填报时间/截至时间 above the header,
    else a year in the title (taken as its middle), else today."""
    lines = " ".join(normalise(text_of(v)) for row in top for v in row if isinstance(v, str))
    match = _REPORTED.search(lines)
    if match:
        year, month, day = match.groups()
        try:
            return datetime.date(int(year), int(month), int(day or 1))
        except ValueError:
            pass
    year = _YEAR.search(lines)
    return datetime.date(int(year.group(1)), 7, 1) if year else today


def heading_category(text: str) -> str | None:
    """The category a sub-heading row names (“一、理论学习方面（8个）” → 理论学习方面), or None when the
    text is not a sub-heading."""
    clean = normalise(text)
    numbered = _HEADING_NUMBER.match(clean)
    counted = _HEADING_COUNT.search(clean)
    if not (numbered or counted or clean.endswith("方面")):
        return None
    clean = _HEADING_COUNT.sub("", clean[numbered.end() :] if numbered else clean)
    return clean.rstrip("：:") or None


class _ColumnProblems:
    """Unreadable cells gathered per column, reported once per column."""

    def __init__(self) -> None:
        self.rows: dict[str, list[int]] = {}
        self.flagged: set[str] = set()

    def add(self, label: str, row: int, *, flagged: bool = True) -> None:
        self.rows.setdefault(label, []).append(row)
        if flagged:
            self.flagged.add(label)

    def notices(self, problem_rows: int) -> list[str]:
        out = []
        for label, rows in self.rows.items():
            then = "相应问题标为“需核实”" if label in self.flagged else "该项按默认值导入"
            if len(rows) == problem_rows and problem_rows > 1:
                out.append(f"“{label}”列的{len(rows)}行都无法识别（请检查该列对应的字段）：原文已保留，{then}。")
            else:
                listed = "、".join(str(r) for r in rows[:10]) + ("等" if len(rows) > 10 else "")
                out.append(f"“{label}”有{len(rows)}行无法识别（第{listed}行）：原文已保留，{then}。")
        return out


def read_rows(
    rows: list[list[Any]],
    sideways: set[tuple[int, int]],
    header: Header,
    schema: Schema,
    vocabulary: Vocabulary,
    *,
    reported: datetime.date,
    progress: Callable[[int, int | None], None] | None = None,
) -> ReadRows:
    fields = header.fields
    names = {c.index: c.name for c in header.columns}
    # Rectification statuses are read as words or ticks over several columns; other books' are choices.
    rectification = schema.book == "rectification"
    special = (lambda f: f.startswith(MARK_PREFIX) or f == STATUS) if rectification else (lambda f: False)
    plain = sorted((i, f) for i, f in fields.items() if not special(f) and f in schema.fields)
    ranks = {c.index: c.rank for c in header.columns}
    status_columns = sorted((i for i, f in fields.items() if f == STATUS and special(f)), key=lambda i: (ranks[i], i))
    mark_columns = [(i, f.removeprefix(MARK_PREFIX)) for i, f in sorted(fields.items()) if special(f) and f != STATUS]
    by_field = {f: i for i, f in plain}
    # The cell a row cannot do without: the problem description (the title of a study session or topic).
    anchor = next(c for c in schema.columns if c.required and c.kind == TEXT)
    description_at = by_field.get(anchor.field)
    number_at = by_field.get("ledger_number")
    columns = [(index, schema.column(name)) for index, name in plain]
    result = ReadRows()
    problems = _ColumnProblems()
    body = []  # (row index, cells, {column: text}) of the rows with content
    for r in range(header.first_data_row, len(rows)):
        cells = [None if (r, c) in sideways else v for c, v in enumerate(rows[r])] if sideways else rows[r]
        texts = {c: t for c, t in ((c, text_of(v)) for c, v in enumerate(cells) if v is not None) if t}
        # Rows numbered in advance and left empty are not content.
        if texts and not (set(texts) == {number_at} and _BARE_NUMBER.fullmatch(texts[number_at])):
            body.append((r, cells, texts))
    total = result.content_rows = len(body)
    if description_at is None:  # a header the user chose or mapped without it: said once, not per row
        result.errors.append(
            RowError(header.row + 1, f"表头中没有“{anchor.label}”列：请改正表头所在行，或指定哪一列是{anchor.label}")
        )
        return result
    category, section, ended = "", 0, False
    seen_numbers: set[str] = set()
    for done, (r, cells, texts) in enumerate(body, start=1):
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
        excel_row = r + 1
        first_at = min(texts)
        first = normalise(texts[first_at])
        description = texts.get(description_at, "")
        # 合计 | 3个 …, 填表人：… | 审核人：…: a footer word opens the row, outside the description.
        if first.startswith(vocabulary.footers) and (first_at != description_at or normalise(description) == first):
            ended = True
            continue
        heading = _numbered_heading(texts, number_at, description_at)
        if heading and not ended:
            category, section = heading, section + 1
            continue
        if len(set(texts.values())) == 1:
            (only,) = set(texts.values())
            heading = heading_category(only)
            if heading and not ended:
                category, section = heading, section + 1
                continue
            if ended or description_at not in texts:
                if not ended:
                    result.notices.append(f"第{excel_row}行“{only[:20]}”不是问题行，未导入。")
                continue
        if not description:
            if ended:
                continue
            heading = heading_category(texts[first_at])  # a sub-heading with its count in another column
            if heading:
                category, section = heading, section + 1
                continue
            result.errors.append(RowError(excel_row, f"没有{anchor.label}，请补上或删除该行"))
            continue
        row = Row(excel_row, {})
        for index, column in columns:
            name = column.field
            value = cells[index] if index < len(cells) else None
            try:
                row.values[name] = _cell(value, column, vocabulary, reported, row)
            except ValueError:
                original = text_of(value)
                row.unread[column.label] = original
                checked = not rectification or name in CHECKED_FIELDS
                problems.add(names[index], excel_row, flagged=checked)
                if not checked:
                    continue  # a choice the office words its own way: the default stays, the text is kept
                row.needs_check = True
                if name == "deadline":
                    row.values["deadline"], row.values["deadline_text"] = None, original[:64]
        if status_columns or mark_columns:
            _read_status_columns(row, cells, status_columns, mark_columns, names, vocabulary, problems)
        if rectification and category and not row.values.get("category"):
            row.values["category"] = category
        if not rectification:
            result.errors.extend(RowError(excel_row, f"{label}“{text}”无法识别") for label, text in row.unread.items())
            if row.unread:
                continue
        if rectification and row.values.get("ledger_number"):
            _unique_number(row, seen_numbers, section)
        result.rows.append(row)
    if progress:
        progress(total, total)
    result.notices = problems.notices(len(result.rows)) + result.notices
    return result


def _numbered_heading(texts: dict[int, str], number_at: int | None, description_at: int | None) -> str | None:
    """A sub-heading split over the number and description cells (“二” | “作风建设方面（6个）”)."""
    if number_at is None or set(texts) != {number_at, description_at}:
        return None
    number = normalise(texts[number_at]).rstrip("、.．")
    if not re.fullmatch(rf"[{_NUMERAL}]+|[(（][{_NUMERAL}]+[)）]", number):
        return None
    return heading_category(f"{number}、{texts[description_at]}")


def _cell(value: Any, column: Column, vocabulary: Vocabulary, reported: datetime.date, row: Row) -> Any:
    if column.field == "deadline" and column.kind == DATE:
        deadline = read_deadline(value, vocabulary, reported=reported)
        row.values["deadline_text"] = deadline.text[:64]
        return deadline.date
    if column.kind == DATE:
        return parse_date(value)
    if column.kind == CHOICE:
        return parse_choice(value, column)
    if column.kind == COUNT:
        return read_count(value)
    text = text_of(value)
    if column.max_length and len(text) > column.max_length:
        raise ValueError
    return text


def _read_status_columns(row, cells, status_columns, mark_columns, names, vocabulary, problems) -> None:
    """The status from the first status column (in rank order) that says one, else from the ticked
    per-status column."""
    unread = []
    for index in status_columns:
        try:
            status = read_status(cells[index], vocabulary)
        except ValueError:
            answer = _answer(names[index], cells[index], vocabulary)
            if answer is None:
                unread.append(index)
                continue
            status = answer
        if status:
            row.values["status"] = status
            return
    ticked = {status for index, status in mark_columns if is_mark(cells[index], vocabulary)}
    if len(ticked) == 1:
        row.values["status"] = ticked.pop()
        return
    if len(ticked) > 1:
        row.unread["整改状态"] = "、".join(sorted(names[i] for i, s in mark_columns if is_mark(cells[i], vocabulary)))
        problems.add("整改状态", row.number)
        row.needs_check = True
    for index in unread:
        row.unread[names[index]] = text_of(cells[index])
        problems.add(names[index], row.number)
        row.needs_check = True
    row.values["status"] = ""


_NO = frozenset({"否", "×", "✗", "未"})


def _answer(header: str, value: Any, vocabulary: Vocabulary) -> str | None:
    """A yes/no status column (是否销号, 是否完成): “是” or a tick says closed, “否” says nothing ("");
    None when the column is not a question or the answer is neither."""
    if not normalise(header).split("/")[-1].startswith("是否"):
        return None
    if is_mark(value, vocabulary):
        return CLOSED
    return "" if normalise(text_of(value)) in _NO else None


def _unique_number(row: Row, seen: set[str], section: int) -> None:
    """Each number names one item of the county. Numbers that restart under each sub-heading (一、1 2 3
    二、1 2 3) are qualified by the heading's place (2-1); any other repeat (a number merged down over a
    problem's several tasks, a copied row) becomes 1-2, 1-3 … and is flagged, keeping the number as written."""
    number = row.values["ledger_number"]
    if number in seen:
        qualified = f"{section}-{number}" if section else ""
        if not qualified or qualified in seen:
            qualified = next(f"{number}-{n}" for n in range(2, len(seen) + 3) if f"{number}-{n}" not in seen)
            row.unread["编号"] = number
            row.needs_check = True
        row.values["ledger_number"] = number = qualified[:32]
    seen.add(number)
