"""PDF files: the text layer through poppler's pdftotext; pages without one through OCR."""
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from defusedxml.ElementTree import iterparse

from .base import Document, UnreadableDocument, document_from_blocks
from .image import ocr_lines
from .layout import Word, document_blocks
from .tools import page_time_limit, run_tool

POPPLER_TIMEOUT = 60
POPPLER_MEMORY_MB = 1024
# Scanned pages are rendered with their long side at this many pixels (A4 at 300 dpi) whatever
# size the page claims, which bounds the memory of a hostile page size.
RENDER_LONG_SIDE = 3500

CORRUPT = "PDF 文件已损坏，无法读取。"
# Each scanned page gets the reader's whole time limit (page_time_limit); this bounds the total.
MAX_SCANNED_PAGES = 100
TOO_MANY_SCANNED_PAGES = f"扫描件超过 {MAX_SCANNED_PAGES} 页，无法识别，请拆分后分别上传。"


@dataclass(frozen=True)
class PdfReader:
    """Text PDFs word by word, scanned pages by OCR; ``ocr`` is set when any page needed it.

    poppler is used rather than pypdf: it is fast, recovers damaged cross-reference tables without
    looping, and runs as a separate process under run_tool's limits.
    """

    def read(self, path: Path) -> Document:
        result = run_tool(
            ["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(path), "-"],
            timeout=POPPLER_TIMEOUT,
            memory_mb=POPPLER_MEMORY_MB,
        )
        if result.returncode != 0:
            if b"password" in result.stderr.lower():
                raise UnreadableDocument("文件已加密，无法读取，请去除密码后重新上传。")
            raise UnreadableDocument(CORRUPT)
        # Pages are laid out together: a paragraph may run on over a page break, and running headers
        # are told by recurring on several pages.
        pages = list(_pages(result.stdout))
        scanned = [number for number, lines in enumerate(pages, start=1) if not lines]
        if len(scanned) > MAX_SCANNED_PAGES:
            raise UnreadableDocument(TOO_MANY_SCANNED_PAGES)
        with tempfile.TemporaryDirectory(prefix="reader-pdf-") as workdir:
            for number in scanned:
                with page_time_limit():
                    image = _render(path, number, Path(workdir))
                    pages[number - 1] = ocr_lines(image)
                image.unlink()
        return document_from_blocks(document_blocks(pages), format="pdf", ocr=bool(scanned))


def _pages(xhtml: bytes) -> Iterator[list[list[Word]]]:
    # pdftotext's XHTML: page > flow > block > line > word, coordinates in attributes.
    page: list[list[Word]] = []
    line: list[Word] = []
    for _, element in iterparse(io.BytesIO(xhtml), events=("end",)):
        name = element.tag.rpartition("}")[2]
        if name == "word" and element.text and element.text.strip():
            box = [float(element.get(key, 0)) for key in ("xMin", "yMin", "xMax", "yMax")]
            line.append(Word(*box, text=element.text.strip()))
        elif name == "line":
            if line:
                page.append(line)
            line = []
        elif name == "page":
            yield page
            page = []
            element.clear()


def _render(path: Path, number: int, workdir: Path) -> Path:
    target = workdir / f"page-{number}"
    result = run_tool(
        ["pdftoppm", "-f", str(number), "-l", str(number), "-singlefile", "-gray", "-png",
         "-scale-to", str(RENDER_LONG_SIDE), str(path), str(target)],
        timeout=POPPLER_TIMEOUT,
        memory_mb=POPPLER_MEMORY_MB,
    )
    image = target.with_suffix(".png")
    if result.returncode != 0 or not image.exists():
        raise UnreadableDocument(CORRUPT)
    return image
