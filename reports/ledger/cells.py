"""Cells read as offices write them: dates in many forms and words for deadlines without a date,
status words and narratives, choices written inside longer text, counts with units.

A cell that cannot be read raises ValueError with the user's message; the caller keeps its text.
"""

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from openpyxl.utils.datetime import from_excel

from tracker.workbooks import Column

from .vocabulary import CLOSED, IN_PROGRESS, OPEN, Vocabulary, normalise

_DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
# Dates inside deadline text: a full date, a month (its last day: 2023年12月底前, 2023.12), or a day or
# month without the year (12月31日前, 12月底前), which takes the year of the report.
_FULL_IN_TEXT = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})(?!\d)")
_MONTH_IN_TEXT = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})(?!\d)\s*月?")
_YEAR_END = re.compile(r"(\d{4})\s*年\s*(?:年\s*)?(?:底|末)")
_NO_YEAR_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_NO_YEAR_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*月")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")
_COUNT = re.compile(r"(\d+)\s*(?:人|名|人次)?")
# Excel serial numbers of 1955-01-01 .. 2119-12-31: a plain number there in a date column is a date.
_SERIAL_RANGE = (20090, 80354)


def text_of(value: Any) -> str:
    """A cell as text: integral floats without “.0”, dates in ISO form, stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return str(value).strip()


def parse_date(value: Any) -> datetime.date | None:
    """A date cell: an Excel date, an Excel serial number, or text such as 2023-11-30, 2023.11.30,
    2023/11/30, 2023年11月30日, 20231130. None when empty; ValueError for anything else."""
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
    if not text:
        return None
    match = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if not match:
        raise ValueError
    year, month, day = (int(part) for part in match.groups())
    return datetime.date(year, month, day)  # ValueError for 2023-02-30


@dataclass(frozen=True)
class Deadline:
    date: datetime.date | None
    text: str  # as written; the ISO date for date cells
    kind: str = ""  # "" for a date or an empty cell, else the deadline word's kind (immediate, ongoing)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _without_year(month: int, day: int | None, reported: datetime.date) -> datetime.date:
    """A deadline written without its year, in the year of the report, or the next year when that
    would put it half a year before the report (a “3月底前” written in November)."""
    for year in (reported.year, reported.year + 1):
        date = datetime.date(year, month, day) if day else _month_end(year, month)
        if date >= reported - datetime.timedelta(days=183):
            return date
    return date


def read_deadline(value: Any, vocabulary: Vocabulary, *, reported: datetime.date) -> Deadline:
    """A deadline cell. Words for work without an end date (立行立改, 长期坚持) are a kind of deadline with
    no date; text holding dates gives its last one (“2023年10月至12月底” → 2023-12-31). ValueError when no
    date and no known word can be found."""
    if isinstance(value, (datetime.date, int, float)) and not isinstance(value, bool):
        date = parse_date(value)
        return Deadline(date, date.isoformat() if date else text_of(value))
    text = text_of(value)
    word = normalise(text)
    if not word:
        return Deadline(None, "")
    try:
        date = parse_date(text)
    except ValueError:
        pass
    else:
        return Deadline(date, text)
    for known in vocabulary.deadline_words:
        if word.startswith(known):
            return Deadline(None, text, vocabulary.deadlines[known])
    folded = unicodedata.normalize("NFKC", text)
    found: list[tuple[int, datetime.date]] = []
    taken: list[range] = []
    for pattern, make in (
        (_FULL_IN_TEXT, lambda m: datetime.date(int(m[1]), int(m[2]), int(m[3]))),
        (_MONTH_IN_TEXT, lambda m: _month_end(int(m[1]), int(m[2]))),
        (_YEAR_END, lambda m: datetime.date(int(m[1]), 12, 31)),
        (_NO_YEAR_DAY, lambda m: _without_year(int(m[1]), int(m[2]), reported)),
        (_NO_YEAR_MONTH, lambda m: _without_year(int(m[1]), None, reported)),
    ):
        for match in pattern.finditer(folded):
            if any(match.start() in span for span in taken):
                continue
            try:
                found.append((match.start(), make(match)))
            except ValueError:
                raise ValueError from None  # 2023年2月30日, 13月底: impossible dates are not guessed
            taken.append(range(match.start(), match.end()))
    if not found:
        raise ValueError
    return Deadline(max(found)[1], text)


def read_status(value: Any, vocabulary: Vocabulary) -> str:
    """open / in_progress / closed from a status cell: a status word, a narrative starting with one
    (“已完成：材料已归档”), or text holding words of one status only. "" when empty; ValueError else."""
    word = normalise(text_of(value))
    if not word:
        return ""
    percent = _PERCENT.fullmatch(word)
    if percent:  # a progress column (整改进度 100%)
        share = float(percent.group(1))
        return CLOSED if share >= 100 else IN_PROGRESS if share > 0 else OPEN
    for known in vocabulary.status_words:
        if word.startswith(known):
            return vocabulary.statuses[known]
    said = {status for known, status in vocabulary.statuses.items() if len(known) >= 3 and known in word}
    if len(said) == 1:
        return said.pop()
    raise ValueError


def is_mark(value: Any, vocabulary: Vocabulary) -> bool:
    """A tick (√) in a per-status column."""
    return normalise(text_of(value)) in vocabulary.marks


def parse_choice(value: Any, column: Column) -> str:
    """The stored value of a choice cell written as its label (or as the stored value); "" when empty.
    A cell holding exactly one label inside longer text (“群众反映问题”) counts as that label."""
    text = normalise(text_of(value))
    if not text:
        return ""
    for stored, label in column.choices:
        if text in (label, stored):
            return stored
    contained = [stored for stored, label in column.choices if label in text]
    if len(contained) == 1:
        return contained[0]
    raise ValueError


def read_count(value: Any) -> int | None:
    text = normalise(text_of(value))
    if not text:
        return None
    match = _COUNT.fullmatch(text)
    if not match:
        raise ValueError
    return int(match.group(1))
