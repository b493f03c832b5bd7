"""Reading uploaded reports: one reader per format behind the Reader protocol.

``read_document`` is the entry point for application code: it parses in a child process with a
time and memory limit, so a hostile or broken file costs that child only.
"""
import dataclasses
import json
import logging
import sys
from pathlib import Path

from .base import Document, Reader, UnreadableDocument
from .detect import detect_format
from .docx import DocxReader
from .image import ImageReader
from .office import LibreOfficeReader
from .pdf import MAX_SCANNED_PAGES, POPPLER_MEMORY_MB, PdfReader
from .tools import run_tool
from .txt import TxtReader

__all__ = ["READERS", "Document", "Reader", "UnreadableDocument", "detect_format", "read_document", "read_in_process"]

logger = logging.getLogger(__name__)

READERS: dict[str, Reader] = {
    "txt": TxtReader(),
    "docx": DocxReader(),
    "doc": LibreOfficeReader("doc"),
    "wps": LibreOfficeReader("wps"),
    "pdf": PdfReader(),
    "image": ImageReader(),
}

_PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Time the parent allows beyond ``timeout`` for the child to start and to report its own timeout.
_GRACE_SECONDS = 5


def read_document(path: Path | str, *, timeout: int = 50, memory_mb: int = 400, soffice: str = "soffice") -> Document:
    """Read any supported file safely; raises UnreadableDocument with a Chinese message otherwise.

    The parse runs in ``python -m reports.readers.isolated`` with its address space capped at
    ``memory_mb`` (external tools get their own caps) and its external tools stopped after
    ``timeout`` seconds, and after ``timeout`` seconds more for each scanned page of a PDF; if the
    child itself does not answer in time it is killed with its whole process group. Nothing of
    the file is parsed in the calling process (poppler's pdfinfo counts a PDF's pages).
    """
    command = [
        sys.executable, "-m", "reports.readers.isolated",
        "--timeout", str(timeout), "--memory-mb", str(memory_mb), "--soffice", soffice,
        "--", str(Path(path).resolve()),
    ]
    pages = min(_pdf_pages(Path(path), timeout=timeout), MAX_SCANNED_PAGES)
    result = run_tool(command, timeout=timeout * (1 + pages) + _GRACE_SECONDS, cwd=_PROJECT_ROOT)
    try:
        answer = json.loads(result.stdout)
    except ValueError:
        logger.warning("reader child failed (exit %s): %s", result.returncode, result.stderr[-2000:])
        raise UnreadableDocument("文件读取失败，文件可能已损坏。") from None
    if "error" in answer:
        raise UnreadableDocument(answer["error"])
    fields = answer["document"]
    return Document(
        text=fields["text"],
        paragraphs=tuple(fields["paragraphs"]),
        tables=tuple(tuple(tuple(row) for row in table) for table in fields["tables"]),
        format=fields["format"],
        ocr=fields["ocr"],
    )


def _pdf_pages(path: Path, *, timeout: float) -> int:
    """Pages of a PDF as pdfinfo counts them; 0 for other files and for PDFs it cannot count."""
    try:
        with path.open("rb") as file:
            if b"%PDF-" not in file.read(1024):
                return 0
    except OSError:
        return 0
    result = run_tool(["pdfinfo", str(path)], timeout=timeout, memory_mb=POPPLER_MEMORY_MB)
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        if key == "Pages" and value.strip().isdigit():
            return int(value)
    return 0


def read_in_process(path: Path, *, soffice: str = "soffice") -> Document:
    """Detect the format and read the file in this process, without limits (used by the child)."""
    reader = READERS[detect_format(path)]
    if isinstance(reader, LibreOfficeReader):
        reader = dataclasses.replace(reader, command=soffice)
    return reader.read(path)
