"""Rebuilding paragraphs and table rows from positioned words (PDF text layers and OCR output).

Both poppler and Tesseract return words with boxes grouped into lines, but their line breaks are
visual: a paragraph wraps over several lines and a table row comes out as separate pieces.
"""
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from .base import Block, tidy_cjk_spaces

# Distances in units of the text height of the line concerned.
CELL_GAP = 2.5  # a wider horizontal gap separates table cells
INDENT = 0.8  # a line starting this far right of the left margin opens a paragraph
SHORT_LINE = 1.5  # a line ending this far left of the right margin closes its paragraph
PARAGRAPH_GAP = 1.0  # more vertical space than this between lines separates paragraphs
# A line ending a sentence also ends the paragraph: a wrong break there costs nothing, while a
# missed one glues the next heading onto the paragraph before it.
SENTENCE_ENDS = tuple("。！？：；")


@dataclass(frozen=True)
class Word:
    left: float
    top: float
    right: float
    bottom: float
    text: str


@dataclass(frozen=True)
class _Row:
    left: float
    top: float
    right: float
    bottom: float
    height: float
    cells: tuple[str, ...]


def page_blocks(lines: Sequence[Sequence[Word]]) -> list[Block]:
    """Paragraphs and tables of one page, top to bottom.

    Lines at the same height form one visual row; a row with wide gaps is a table row with one
    cell per gap-separated run, and consecutive table rows form a table. Other rows flow into
    paragraphs, which break at an indent, after a short line or a sentence end, and at extra
    vertical space.
    Single-column pages only: side-by-side text columns would be read as table rows.
    """
    rows = _rows(lines)
    text_rows = [row for row in rows if len(row.cells) == 1]
    left = min((row.left for row in text_rows), default=0.0)
    right = max((row.right for row in text_rows), default=0.0)
    blocks: list[Block] = []
    paragraph: list[_Row] = []
    table: list[tuple[str, ...]] = []
    for row in rows:
        if len(row.cells) > 1:
            _flush_paragraph(paragraph, blocks)
            table.append(row.cells)
            continue
        if table:
            blocks.append(tuple(table))
            table = []
        if paragraph and _opens_paragraph(row, paragraph[-1], left, right):
            _flush_paragraph(paragraph, blocks)
        paragraph.append(row)
    _flush_paragraph(paragraph, blocks)
    if table:
        blocks.append(tuple(table))
    return blocks


def _rows(lines: Sequence[Sequence[Word]]) -> list[_Row]:
    groups: list[list[Word]] = []
    bounds: list[tuple[float, float]] = []
    for line in sorted((line for line in lines if line), key=_middle):
        middle = _middle(line)
        if groups and bounds[-1][0] <= middle <= bounds[-1][1]:
            groups[-1].extend(line)
        else:
            groups.append(list(line))
            bounds.append((min(word.top for word in line), max(word.bottom for word in line)))
    return [_row(sorted(group, key=lambda word: word.left)) for group in groups]


def _middle(line: Sequence[Word]) -> float:
    return (min(word.top for word in line) + max(word.bottom for word in line)) / 2


def _row(words: list[Word]) -> _Row:
    # The median ignores tall punctuation boxes that OCR reports for marks such as "，".
    height = statistics.median(word.bottom - word.top for word in words) or 1.0
    cells: list[list[str]] = [[words[0].text]]
    for before, word in zip(words, words[1:]):
        if word.left - before.right > CELL_GAP * height:
            cells.append([])
        cells[-1].append(word.text)
    return _Row(
        left=words[0].left,
        top=min(word.top for word in words),
        right=max(word.right for word in words),
        bottom=max(word.bottom for word in words),
        height=height,
        cells=tuple(tidy_cjk_spaces(" ".join(cell)) for cell in cells),
    )


def _opens_paragraph(row: _Row, previous: _Row, left: float, right: float) -> bool:
    height = max(row.height, previous.height)
    return (
        row.left - left > INDENT * height
        or previous.right < right - SHORT_LINE * height
        or previous.cells[0].endswith(SENTENCE_ENDS)
        or row.top - previous.bottom > PARAGRAPH_GAP * height
    )


def _flush_paragraph(paragraph: list[_Row], blocks: list[Block]) -> None:
    if paragraph:
        blocks.append(tidy_cjk_spaces(" ".join(row.cells[0] for row in paragraph)))
        paragraph.clear()
