"""What every reader returns, and the helpers that keep that output uniform across formats."""
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

# The largest upload, in bytes. Defined here because readers run in a child process without Django;
# config.settings takes it from here, so the request limit, the upload forms and the readers agree.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_MB", "30")) * 1024 * 1024


@dataclass(frozen=True)
class Document:
    """Plain text of one uploaded file.

    Invariant: ``text`` holds one line per paragraph and one line per table row (cells joined by a
    tab), in document order; no line is empty and no paragraph or cell contains a tab or newline.
    Build it with ``document_from_blocks`` so every reader keeps that invariant.
    """

    text: str
    paragraphs: tuple[str, ...]
    tables: tuple[tuple[tuple[str, ...], ...], ...]
    format: str
    ocr: bool = False


class UnreadableDocument(ValueError):
    """The file cannot be read; the message is shown to the uploader as is (Chinese)."""


class Reader(Protocol):
    def read(self, path: Path) -> Document: ...


# A block is a paragraph (str) or a table (rows of cell strings).
Block = str | tuple[tuple[str, ...], ...]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BLANKS = re.compile(r"[ \t]+")
# Ideographs, kana, CJK punctuation and full-width forms, and the quotes, dashes and ellipsis of
# Chinese text: a space next to these is an artefact of OCR or PDF word splitting, never meaningful.
_CJK = "\u2014\u2018-\u201f\u2026\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[^A-Za-z\s])|(?<=[^A-Za-z\s]) +(?=[{_CJK}])")

NO_TEXT = "文件中没有可识别的文字内容。"


def tidy_cjk_spaces(text: str) -> str:
    """Drop spaces that touch a CJK character unless a Latin letter is on the other side.

    "读书班 12 期" becomes "读书班12期"; "12 34" and "Word 文档" keep their spaces.
    """
    return _CJK_SPACE.sub("", text)


def _clean(text: str) -> str:
    return _BLANKS.sub(" ", _CONTROL.sub("", text.replace("\t", " "))).strip()


def document_from_blocks(blocks: Iterable[Block], *, format: str, ocr: bool = False) -> Document:
    """Assemble a Document from paragraphs and tables in document order.

    Line breaks inside a paragraph split it into several paragraphs; blank paragraphs and rows
    whose cells are all empty are dropped. Raises UnreadableDocument when no text is left.
    """
    paragraphs: list[str] = []
    tables: list[tuple[tuple[str, ...], ...]] = []
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            for line in block.splitlines():
                if cleaned := _clean(line):
                    paragraphs.append(cleaned)
                    lines.append(cleaned)
            continue
        rows = tuple(
            cells
            for row in block
            if any(cells := tuple(_clean(" ".join(cell.splitlines())) for cell in row))
        )
        if rows:
            tables.append(rows)
            lines.extend("\t".join(row) for row in rows)
    if not lines:
        raise UnreadableDocument(NO_TEXT)
    return Document(
        text="\n".join(lines), paragraphs=tuple(paragraphs), tables=tuple(tables), format=format, ocr=ocr
    )
