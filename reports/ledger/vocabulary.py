"""The words the ledger import knows, as data: column names per field, status words, deadline words,
tick marks and the first words of footer rows.

Kept in the database (reports.LedgerSynonym, seeded from reports/data/ledger_synonyms.csv and the
workbook schemas) so an administrator can add the words of a new layout; the reading code receives a
Vocabulary and never touches the database.
"""

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from tracker.models import RectificationItem
from tracker.workbooks import Schema

SEED_FILE = Path(__file__).resolve().parents[1] / "data" / "ledger_synonyms.csv"

# What a status word says the item is; a ledger's "closed" becomes 已整改待审核 on import.
OPEN, IN_PROGRESS, CLOSED = RectificationItem.Status.OPEN, RectificationItem.Status.IN_PROGRESS, "closed"
# The template's own status labels, read back when an exported ledger is imported again.
STATUS_LABELS = {
    RectificationItem.Status.OPEN.label: OPEN,
    RectificationItem.Status.IN_PROGRESS.label: IN_PROGRESS,
    RectificationItem.Status.PENDING_REVIEW.label: CLOSED,
    RectificationItem.Status.CLOSED.label: CLOSED,
}

# Added to the rank of a header matched by part of a known name, so an exact name always wins.
PARTIAL_MATCH = 100
_NOTE = re.compile(r"[(（][^()（）]*[)）]$")


def normalise(text: str) -> str:
    """Full-width forms folded (NFKC) and every space removed: how words and headers are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def header_key(text: str) -> str:
    """A header cell as compared with column names: normalised, without required-marks (*) and a
    trailing note in brackets (“发现问题（个）”, “完成时限(必填)”)."""
    return _NOTE.sub("", normalise(text).replace("*", "")).rstrip(":：")


@dataclass(frozen=True)
class Vocabulary:
    columns: dict[str, tuple[str, int]]  # header key → (field, rank); lower rank is read first
    statuses: dict[str, str]  # normalised word → open / in_progress / closed
    deadlines: dict[str, str]  # normalised word → kind of deadline without a date (immediate, ongoing)
    marks: frozenset[str]  # what offices put in a per-status column (√)
    footers: tuple[str, ...]  # first words of rows that end the table (填表人, 注：, 合计)

    # Longest first, so “未完成” is found before “完成”; computed once, read for every row.
    @cached_property
    def status_words(self) -> tuple[str, ...]:
        return tuple(sorted(self.statuses, key=len, reverse=True))

    @cached_property
    def deadline_words(self) -> tuple[str, ...]:
        return tuple(sorted(self.deadlines, key=len, reverse=True))

    def field_of(self, header: str) -> tuple[str, int] | None:
        """(field, rank) for a header cell: an exact name; else a known name followed by a qualifier
        (“整改时限要求”, “责任人及联系方式”, 3+ characters) or preceded by one (“主要整改措施”, “第一责任人”).
        Such partial matches rank below every exact name."""
        key = header_key(header)
        if not key:
            return None
        if key in self.columns:
            return self.columns[key]
        for name in self.names_longest_first:
            if len(name) >= 3 and key.startswith(name):
                field, rank = self.columns[name]
                return field, rank + PARTIAL_MATCH
        for name in self.names_longest_first:
            if len(key) <= len(name) + 5 and key.endswith(name):
                field, rank = self.columns[name]
                return field, rank + PARTIAL_MATCH
        return None

    @cached_property
    def names_longest_first(self) -> tuple[str, ...]:
        return tuple(sorted(self.columns, key=len, reverse=True))


def build_vocabulary(schema: Schema, words: Iterable[tuple[str, str, str, str, int]]) -> Vocabulary:
    """A vocabulary from the schema's own labels and aliases plus `words` as (kind, book, word, meaning,
    rank) rows; rows for other books are ignored."""
    columns: dict[str, tuple[str, int]] = {}
    for column in schema.columns:
        for rank, name in enumerate((column.label, *column.aliases)):
            columns.setdefault(header_key(name), (column.field, rank))
    statuses = {normalise(label): status for label, status in STATUS_LABELS.items()}
    deadlines: dict[str, str] = {}
    marks, footers = set(), []
    book = schema.book
    for kind, word_book, word, meaning, rank in words:
        word = word.strip()
        if not word:
            continue
        if kind == "column":
            if word_book == book:
                key = header_key(word)
                if key not in columns or columns[key][1] > int(rank):
                    columns[key] = (meaning, int(rank))
        elif kind == "status":
            statuses[normalise(word)] = meaning
        elif kind == "deadline":
            deadlines[normalise(word)] = meaning
        elif kind == "mark":
            marks.add(normalise(word))
        elif kind == "footer":
            footers.append(normalise(word))
    return Vocabulary(columns, statuses, deadlines, frozenset(marks), tuple(footers))


def seed_words() -> list[tuple[str, str, str, str, int]]:
    """The words shipped with the project (the data migration loads them; tests read them directly)."""
    with SEED_FILE.open(encoding="utf-8") as file:
        return [(r["kind"], r["book"], r["word"], r["meaning"], int(r["rank"])) for r in csv.DictReader(file)]


def default_vocabulary(schema: Schema) -> Vocabulary:
    """The shipped vocabulary, without the administrator's additions: for code and tests without a database."""
    return build_vocabulary(schema, seed_words())
