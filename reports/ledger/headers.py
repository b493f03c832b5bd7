"""Finding the header of a sheet: the rows near the top are scored against the known column names;
a header on two rows (整改情况 over 整改措施｜完成时限｜整改进展) is read as one name per column."""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from tracker.workbooks import Schema

from .cells import text_of
from .vocabulary import PARTIAL_MATCH, Vocabulary, header_key, normalise

HEADER_SEARCH_ROWS = 20
# A column whose sub-header is a status word (已完成｜整改中｜未启动 under 整改状态) is read by its tick.
MARK_PREFIX = "mark:"
STATUS = "status"


@dataclass(frozen=True)
class HeaderColumn:
    index: int
    name: str  # as shown to the user: “整改情况/整改进展” for a two-row header
    field: str  # "" when the column is not imported; "mark:closed" for a tick column
    rank: int = 99


@dataclass(frozen=True)
class Header:
    row: int  # 0-based index of the (first) header row
    depth: int  # 1 or 2 rows
    columns: tuple[HeaderColumn, ...]

    @property
    def first_data_row(self) -> int:
        return self.row + self.depth

    @property
    def fields(self) -> dict[int, str]:
        return {c.index: c.field for c in self.columns if c.field}

    @property
    def score(self) -> int:
        return len({STATUS if f.startswith(MARK_PREFIX) else f for f in self.fields.values()})

    @property
    def signature(self) -> str:
        """The layout's fingerprint: its normalised header names, wherever the header sits."""
        names = "|".join(header_key(c.name) for c in self.columns)
        return hashlib.sha256(names.encode()).hexdigest()[:40]

    def with_mapping(self, mapping: Mapping[int, str]) -> "Header":
        """The header with the user's field for each column (missing columns keep theirs)."""
        return replace(
            self, columns=tuple(replace(c, field=mapping.get(c.index, c.field), rank=0) for c in self.columns)
        )


def _is_subheader(upper: Sequence[Any], lower: Sequence[Any], grouped: set[int], vocabulary: Vocabulary) -> bool:
    """The row under a header continues it when it names the columns of a group merged across the upper
    row, or names two known columns itself; the upper row must name known columns too (a title or a
    填报单位 line merged across the top is not a header group)."""
    if sum(1 for v in upper if text_of(v) and vocabulary.field_of(text_of(v))) < 2:
        return False
    texts = {i: text_of(v) for i, v in enumerate(lower) if text_of(v)}
    if any(i in grouped and texts.get(i) and texts[i] != text_of(upper[i]) for i in texts):
        return True
    # Exact names only: data cells end with known words too (“…存在的问题”, “…整改措施”).
    known = sum(1 for i, t in texts.items() if t != text_of(upper[i]) and _exact(vocabulary.field_of(t)))
    return known >= 2


def _exact(found: tuple[str, int] | None) -> bool:
    return found is not None and found[1] < PARTIAL_MATCH


def _column(
    index: int, upper: str, lower: str, grouped: bool, vocabulary: Vocabulary
) -> HeaderColumn:
    if not lower or lower == upper:
        found = vocabulary.field_of(upper)
        return HeaderColumn(index, upper, found[0] if found else "", found[1] if found else 99)
    name = f"{upper}/{lower}" if upper else lower
    below = vocabulary.field_of(lower)
    if below:
        return HeaderColumn(index, name, below[0], below[1])
    above = vocabulary.field_of(upper) if upper else None
    status = vocabulary.statuses.get(normalise(lower))
    if status and (above is None or above[0] == STATUS):
        return HeaderColumn(index, name, MARK_PREFIX + status, 0)
    if above and not grouped:
        return HeaderColumn(index, name, above[0], above[1])
    return HeaderColumn(index, name, "", 99)


def _without_duplicates(columns: list[HeaderColumn]) -> list[HeaderColumn]:
    """One column per field, the best-ranked (then the leftmost); every status column is kept, since
    offices split the status over several (整改情况 and 是否销号), read in rank order."""
    best: dict[str, HeaderColumn] = {}
    for column in columns:
        if column.field and column.field != STATUS:
            if column.field not in best or column.rank < best[column.field].rank:
                best[column.field] = column
    return [
        c if not c.field or c.field == STATUS or best.get(c.field) is c else replace(c, field="")
        for c in columns
    ]


def header_at(
    rows: Sequence[Sequence[Any]], sideways: set[tuple[int, int]], index: int, vocabulary: Vocabulary
) -> Header:
    """The header whose first row is rows[index] (filled merged cells; `sideways` the cells filled from a
    range merged across columns)."""
    upper = rows[index]
    grouped = {c for (r, c) in sideways if r == index} | {
        c - 1 for (r, c) in sideways if r == index
    }
    lower = rows[index + 1] if index + 1 < len(rows) else None
    depth = 2 if lower is not None and _is_subheader(upper, lower, grouped, vocabulary) else 1
    columns = [
        _column(i, text_of(upper[i]), text_of(lower[i]) if depth == 2 else "", i in grouped, vocabulary)
        for i in range(len(upper))
    ]
    # Status words as headers of their own (已完成｜推进中｜未启动 on one row): tick columns, when there
    # are two or more of them and no other status column.
    if not any(c.field == STATUS or c.field.startswith(MARK_PREFIX) for c in columns):
        ticks = {c.index: vocabulary.statuses.get(normalise(c.name)) for c in columns if not c.field}
        ticks = {i: status for i, status in ticks.items() if status}
        if len(set(ticks.values())) >= 2:
            columns = [
                replace(c, field=MARK_PREFIX + ticks[c.index], rank=0) if c.index in ticks else c for c in columns
            ]
    return Header(index, depth, tuple(_without_duplicates(columns)))


def find_header(
    rows: Sequence[Sequence[Any]], sideways: set[tuple[int, int]], schema: Schema, vocabulary: Vocabulary
) -> Header | None:
    """The best header among the first rows: the one naming the most known fields, with every required
    field; the earliest on a tie. None when no row names the required fields."""
    required = {c.field for c in schema.columns if c.required}
    best = None
    for index in range(min(HEADER_SEARCH_ROWS, len(rows))):
        header = header_at(rows, sideways, index, vocabulary)
        if required <= set(header.fields.values()) and (best is None or header.score > best.score):
            best = header
    return best
