"""A workbook read for one county book: the detail sheet, its header (found, remembered for the layout,
or as the user corrected it) and its rows. Pure: no database; the caller passes the vocabulary and the
layouts the county confirmed before."""

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tracker.workbooks import Schema

from .headers import HEADER_SEARCH_ROWS, Header, find_header, header_at
from .rows import ReadRows, Row, RowError, read_rows, report_date
from .sheets import Sheet, UnreadableLedger, read_sheets
from .vocabulary import Vocabulary


FOOTER_ROWS = 10


@dataclass(frozen=True)
class Layout:
    """A layout the county confirmed: where its header is and which column fills which field."""

    header_row: int  # 1-based
    mapping: Mapping[int, str]


@dataclass(frozen=True)
class Correction:
    """The user's corrections from the preview: another header row (1-based) and fields per column."""

    header_row: int | None = None
    mapping: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedWorkbook:
    sheet: str
    header: Header
    rows: tuple[Row, ...]
    errors: tuple[RowError, ...] = ()
    notices: tuple[str, ...] = ()
    content_rows: int = 0
    remembered: bool = False  # read with a layout the county confirmed before

    @property
    def header_row(self) -> int:
        return self.header.row + 1

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.header.fields[i] for i in sorted(self.header.fields))


def _choose(
    sheets: Sequence[Sheet],
    schema: Schema,
    vocabulary: Vocabulary,
    layouts: Mapping[str, Layout],
    correction: Correction,
) -> tuple[Sheet, list, set, Header, bool]:
    """The sheet and header to read: a corrected header row, else a remembered layout whose header
    matches, else the best-scoring header of all sheets (a 汇总 sheet loses to the detail sheet)."""
    candidates = []
    for sheet in sheets:
        rows, sideways = sheet.filled() if sheet.rows else ([], set())
        if not rows:
            continue
        if correction.header_row and correction.header_row <= len(rows):
            header = header_at(rows, sideways, correction.header_row - 1, vocabulary)
            return sheet, rows, sideways, header.with_mapping(correction.mapping), False
        for signature, layout in layouts.items():
            if layout.header_row <= min(len(rows), HEADER_SEARCH_ROWS):
                header = header_at(rows, sideways, layout.header_row - 1, vocabulary)
                if header.signature == signature:
                    return sheet, rows, sideways, header.with_mapping(layout.mapping), True
        header = find_header(rows, sideways, schema, vocabulary)
        if header is not None:
            # A visible sheet with rows under its header first, then the most known columns, then the
            # most rows, then the earlier sheet.
            below = len(rows) - header.first_data_row
            rank = (not sheet.hidden, below > 0, header.score, below, -len(candidates))
            candidates.append((rank, sheet, rows, sideways, header))
    if not candidates:
        required = "、".join(f"“{c.label}”" for c in schema.columns if c.required)
        raise UnreadableLedger(f"没有找到{schema.title}的表头：表格前{HEADER_SEARCH_ROWS}行中应有{required}等列名。")
    _, sheet, rows, sideways, header = max(candidates, key=lambda c: c[0])
    if correction.mapping:
        header = header.with_mapping(correction.mapping)
    return sheet, rows, sideways, header, False


def read_workbook(
    path: Path,
    schema: Schema,
    vocabulary: Vocabulary,
    *,
    name: str = "",
    layouts: Mapping[str, Layout] | None = None,
    correction: Correction | None = None,
    today: datetime.date | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> ParsedWorkbook:
    """Read the workbook at `path` (uploaded as `name`) for `schema`.

    `layouts` are the county's confirmed layouts by header signature; `correction` the user's changes in
    the preview. Raises UnreadableLedger for files that are not readable workbooks or have no header.
    """
    sheets = read_sheets(path, name=name)
    sheet, rows, sideways, header, remembered = _choose(
        sheets, schema, vocabulary, layouts or {}, correction or Correction()
    )
    # 填报时间 is written above the header or, by some offices, beside the signature under the table.
    reported = report_date(rows[: header.row] + rows[-FOOTER_ROWS:], today or datetime.date.today())
    found: ReadRows = read_rows(rows, sideways, header, schema, vocabulary, reported=reported, progress=progress)
    return ParsedWorkbook(
        sheet=sheet.title,
        header=header,
        rows=tuple(found.rows),
        errors=tuple(found.errors),
        notices=tuple(found.notices),
        content_rows=found.content_rows,
        remembered=remembered,
    )
