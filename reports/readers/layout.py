"""Rebuilding paragraphs and table rows from positioned words (PDF text layers and OCR output).

Both poppler and Tesseract return words with boxes grouped into lines, but their line breaks are
visual: a paragraph wraps over several lines (and over pages), a table row comes out as separate
pieces, and pages carry running headers and page numbers that are no part of the text.
"""
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .base import Block, tidy_cjk_spaces

# Distances in units of the width of one full-width character (em) on the page.
CELL_GAP = 2.5  # a wider horizontal gap separates table cells
INDENT = 0.8  # a line starting this far right of the left margin opens a paragraph
# A line ending further left of the right margin than this (plus half a character for each narrow
# character on it, see _is_full) closes its paragraph.
SHORT_LINE = 1.5
PARAGRAPH_GAP = 1.0  # vertical space beyond the usual line spacing plus this separates paragraphs
SENTENCE_ENDS = tuple("。！？：；")
# Markers that open a heading or list item on a line of their own: 一、 （一） (1) 1. 1、 ① 第一，
# Run-in enumerations (一是…；二是…) are not among them: they continue a paragraph as often as not.
_LIST_MARKER = re.compile(
    r"(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、](?!\d)|[\u2460-\u2473]"
    r"|第[一二三四五六七八九十]+[，、]|【)"
)
# Page numbers as offices print them: 3, - 3 -, —3—, 第3页, 第3页 共12页, 3/12.
_PAGE_NUMBER = re.compile(
    r"[-—–－~\s]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:/|／|共)\s*\d{1,4}\s*页?)?[-—–－~\s]*"
)


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


@dataclass(frozen=True)
class _Page:
    """The text rows of one page with the measures its paragraph breaks are judged by."""

    rows: tuple[_Row, ...]
    left: float  # left margin of the text
    right: float  # right margin of the text
    em: float  # width of one full-width character
    paragraph_gap: float  # vertical space between rows above which they belong to different paragraphs
    full_count: int  # characters on most lines that reach the right margin (0 when unknown)
    # Whether the page marks paragraphs by first-line indents, and by extra spacing. Where neither
    # can show a break, a line ending a sentence ends its paragraph (see _opens_paragraph).
    indents: bool
    spaced: bool


def page_blocks(lines: Sequence[Sequence[Word]]) -> list[Block]:
    """Paragraphs and tables of one page (an image), top to bottom; see document_blocks."""
    return document_blocks([lines])


def document_blocks(pages: Sequence[Sequence[Sequence[Word]]]) -> list[Block]:
    """Paragraphs and tables of a document given as its pages' lines, in reading order.

    Lines at the same height form one visual row; a row with wide gaps is a table row with one
    cell per gap-separated run, and consecutive table rows form a table. Other rows flow into
    paragraphs, also across a page break; a paragraph breaks where the layout shows it (see
    _opens_paragraph). Running headers and footers repeated on several pages and page numbers are
    dropped. Single-column pages only: side-by-side text columns would be read as table rows.
    """
    measured = [_measure(rows) for rows in _without_page_furniture([_rows(lines) for lines in pages])]
    blocks: list[Block] = []
    paragraph: list[_Row] = []
    table: list[tuple[str, ...]] = []
    previous: tuple[_Row, _Page] | None = None
    for page in measured:
        for row in page.rows:
            if len(row.cells) > 1:
                _flush_paragraph(paragraph, blocks)
                table.append(row.cells)
                previous = None
                continue
            if table:
                blocks.append(tuple(table))
                table = []
            if paragraph and previous and _opens_paragraph(row, page, *previous):
                _flush_paragraph(paragraph, blocks)
            paragraph.append(row)
            previous = (row, page)
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


def _without_page_furniture(pages: list[list[_Row]]) -> list[list[_Row]]:
    """Pages without page numbers and without the running header or footer lines.

    Only a page's first and last rows are candidates. A page number is recognised by its form; a
    header or footer by standing, word for word, at the top (or bottom) of every page from the
    second on and of at least two pages (the first page may have none, or its own). Lines that
    differ only in their figures are not taken for one: weekly forms repeat their wording.
    """
    def key(rows: list[_Row], index: int) -> str | None:
        if not rows or len(rows[index].cells) > 1:
            return None
        return "".join(rows[index].cells[0].split())

    recurring: set[int] = set()
    if len(pages) > 1:
        for index in (0, -1):
            keys = [key(rows, index) for rows in pages]
            for rows, candidate in zip(pages, keys):
                if candidate and all(other == candidate for other in keys[1:]) and keys.count(candidate) > 1:
                    recurring.add(id(rows[index]))
    return [
        [row for row in rows if not ((row is rows[0] or row is rows[-1]) and _is_furniture(row, recurring))]
        for rows in pages
    ]


def _is_furniture(row: _Row, recurring: set[int]) -> bool:
    return len(row.cells) == 1 and (id(row) in recurring or bool(_PAGE_NUMBER.fullmatch(row.cells[0])))


def _measure(rows: list[_Row]) -> _Page:
    text_rows = [row for row in rows if len(row.cells) == 1]
    if not text_rows:
        return _Page(tuple(rows), 0.0, 0.0, 1.0, 0.0, 0, False, False)
    left = min(row.left for row in text_rows)
    right = max(row.right for row in text_rows)
    em = _em(text_rows)
    spacings = [below.top - above.bottom for above, below in zip(text_rows, text_rows[1:])]
    # The usual spacing, that of lines inside a paragraph: the lower quartile, so that pages of many
    # short paragraphs still show it. Without enough lines to tell, a full character's height counts.
    if len(spacings) >= 3:
        paragraph_gap = sorted(spacings)[len(spacings) // 4] + PARAGRAPH_GAP / 2 * em
    else:
        paragraph_gap = PARAGRAPH_GAP * em
    counts = Counter(_characters(row) for row in text_rows if right - row.right <= SHORT_LINE * em)
    full_count = counts.most_common(1)[0][0] if sum(counts.values()) >= 3 else 0
    # A full first line that is indented or spaced off from the one above shows the page's paragraph style.
    openings = [(above, row) for above, row in zip(text_rows, text_rows[1:]) if right - row.right <= SHORT_LINE * em]
    indents = any(row.left - left > INDENT * em for _, row in openings)
    spaced = any(row.top - above.bottom > paragraph_gap for above, row in openings)
    return _Page(tuple(rows), left, right, em, paragraph_gap, full_count, indents, spaced)


def _em(rows: list[_Row]) -> float:
    # From the widths of lines of some length: word boxes are taller than the characters are wide
    # (poppler's by about a third), and heights say nothing of how lines fill.
    widths = [
        (row.right - row.left) / units for row in rows if (units := _width_in_em(row.cells[0])) >= 8
    ]
    return statistics.median(widths) if widths else statistics.median(row.height for row in rows)


def _width_in_em(text: str) -> float:
    return sum(1 for char in text if not char.isspace()) - _narrow(text) / 2


def _characters(row: _Row) -> int:
    return sum(1 for char in row.cells[0] if not char.isspace())


def _narrow(text: str) -> int:
    # Digits, Latin letters and (in many fonts) curly quotes take half a Chinese character's width.
    return sum(1 for char in text if unicodedata.east_asian_width(char) not in "WF" and not char.isspace())


def _is_full(row: _Row, page: _Page, continuation: str) -> bool:
    """Whether the row reaches the right margin, so that its paragraph may go on with ``continuation``.

    A line is full when its right end is within SHORT_LINE characters of the margin, counting half
    a character of slack for each narrow character on it (layouts that give every character one
    cell of a grid wrap lines by count, so digits leave space at the end) and for each character of
    a number or Latin word opening the next line (which moves down whole), or when it holds as many
    characters as the page's full lines.
    """
    unbreakable = re.match(r"[A-Za-z0-9.,%]*", continuation).end()
    slack = SHORT_LINE + (_narrow(row.cells[0]) + unbreakable) / 2
    return page.right - row.right <= slack * page.em or (
        page.full_count > 0 and _characters(row) >= page.full_count - 1
    )


def _opens_paragraph(row: _Row, page: _Page, previous: _Row, previous_page: _Page) -> bool:
    """Whether ``row`` starts a paragraph rather than continuing the one of ``previous``.

    It does when it is indented, when the previous line did not reach the right margin, when extra
    vertical space separates them (on the same page), and when the previous line ends a sentence
    and this one starts a heading or list marker (一、 （一） 1.). On a page that marks paragraphs
    neither by first-line indents nor by spacing, every line ending a sentence ends its paragraph.
    (Over a page break spacing cannot be seen; a paragraph ending there on a full line runs on
    into the next, which costs less than splitting every paragraph a page break cuts at a full stop.)
    """
    ends_sentence = previous.cells[0].endswith(SENTENCE_ENDS)
    return (
        row.left - page.left > INDENT * page.em
        or not _is_full(previous, previous_page, row.cells[0])
        or (page is previous_page and row.top - previous.bottom > page.paragraph_gap)
        or (ends_sentence and bool(_LIST_MARKER.match(row.cells[0])))
        or (ends_sentence and not (page.indents or page.spaced))
    )


def _flush_paragraph(paragraph: list[_Row], blocks: list[Block]) -> None:
    if paragraph:
        text = paragraph[0].cells[0]
        for row in paragraph[1:]:
            text = _join(text, row.cells[0])
        blocks.append(tidy_cjk_spaces(text))
        paragraph.clear()


def _join(text: str, continuation: str) -> str:
    # A number wrapped over two lines (2,8|20 or 28|20) is one number; other joins keep a space,
    # which tidy_cjk_spaces drops next to Chinese.
    if re.search(r"\d[.,]?$", text) and continuation[:1].isdigit():
        return text + continuation
    return f"{text} {continuation}"
