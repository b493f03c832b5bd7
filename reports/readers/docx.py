"""Word .docx files, read straight from the WordprocessingML with defusedxml.

python-docx is not used for reading: it parses with lxml, which would accept DTDs and entities.
"""
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from .base import Block, Document, UnreadableDocument, document_from_blocks
from .safezip import zip_members

MAIN_PART = "word/document.xml"
CORRUPT = "文件已损坏（文档内容格式错误），无法读取。"

# Subtrees that hold no visible text of their own: properties, deleted revisions, field codes,
# and the VML copy of a text box that mc:Choice already holds.
_SKIP = {"pPr", "rPr", "tblPr", "tcPr", "trPr", "sectPr", "del", "moveFrom", "Fallback", "instrText"}
# Wrappers whose children are ordinary paragraphs and tables.
_CONTAINERS = {"sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag"}


@dataclass(frozen=True)
class DocxReader:
    """Paragraphs and tables of the main document part, in document order.

    Text boxes count as paragraphs of their anchor; table cells are flattened to one line
    (inner paragraphs and nested tables joined by spaces); headers, footers and notes are left out.
    """

    def read(self, path: Path) -> Document:
        if MAIN_PART not in zip_members(path):
            raise UnreadableDocument("文件不是有效的 Word 文档。")
        try:
            with zipfile.ZipFile(path) as archive, archive.open(MAIN_PART) as part:
                blocks = list(_body_blocks(part))
        except DefusedXmlException as exc:
            raise UnreadableDocument("文件包含不安全的 XML 声明（DTD 或实体），已拒绝读取。") from exc
        except (ParseError, zipfile.BadZipFile, zlib.error, EOFError, RecursionError) as exc:
            raise UnreadableDocument(CORRUPT) from exc
        return document_from_blocks(blocks, format="docx")


def _body_blocks(part: IO[bytes]) -> Iterator[Block]:
    # Stream the XML and handle each child of w:body as it completes, so memory stays bounded by
    # the largest single paragraph or table rather than the whole document.
    depth = 0
    for event, element in iterparse(part, events=("start", "end"), forbid_dtd=True):
        if event == "start":
            depth += 1
            continue
        depth -= 1
        if depth == 2:  # w:document > w:body > this
            yield from _blocks(element)
            element.clear()


def _local(element: Element) -> str:
    return element.tag.rpartition("}")[2]


def _blocks(element: Element) -> Iterator[Block]:
    name = _local(element)
    if name == "p":
        yield _text(element)
    elif name == "tbl":
        yield tuple(_rows(element))
    elif name in _CONTAINERS:
        for child in element:
            yield from _blocks(child)


def _rows(table: Element) -> Iterator[tuple[str, ...]]:
    for child in table:
        name = _local(child)
        if name == "tr":
            yield tuple(_cells(child))
        elif name in _CONTAINERS:
            yield from _rows(child)


def _cells(row: Element) -> Iterator[str]:
    for child in row:
        name = _local(child)
        if name == "tc":
            yield " ".join(_flatten(block) for cell_child in child for block in _blocks(cell_child))
        elif name in _CONTAINERS:
            yield from _cells(child)


def _flatten(block: Block) -> str:
    if isinstance(block, str):
        return " ".join(block.split("\n"))
    return " ".join(" ".join(row) for row in block)


def _text(paragraph: Element) -> str:
    parts: list[str] = []
    _collect(paragraph, parts)
    return "".join(parts)


def _collect(element: Element, parts: list[str]) -> None:
    for child in element:
        name = _local(child)
        if name in _SKIP:
            continue
        if name == "t":
            parts.append(child.text or "")
        elif name == "tab":
            parts.append(" ")
        elif name in ("br", "cr"):
            parts.append("\n")
        elif name == "noBreakHyphen":
            parts.append("-")
        elif name == "p":  # a paragraph inside a text box
            parts.append("\n")
            _collect(child, parts)
            parts.append("\n")
        else:
            _collect(child, parts)
