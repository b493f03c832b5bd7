"""Read time per format, a section of ``benchmarks/extract.py``: a 20-page report as .docx, .doc and
text PDF, and one scanned page. Needs LibreOffice, poppler-utils and Tesseract (chi_sim). One line per
file: pages, characters read, the median time of read_document (child process included) and of the
reader called in-process.
"""
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from reports.readers import read_document, read_in_process
from tests import documents

PAGES = 20
REPEATS = 3


def read_timings(workdir: Path) -> list[str]:
    paragraphs, tables = documents.long_report(PAGES)
    files = {
        f"{PAGES}-page .docx": documents.make_docx(paragraphs, tables, workdir / "long.docx"),
        f"{PAGES}-page .doc": documents.make_doc(paragraphs, tables, workdir / "long.doc"),
        f"{PAGES}-page text PDF": documents.make_text_pdf(paragraphs, tables, workdir / "long.pdf"),
        "1 scanned page (PDF)": documents.make_scanned_pdf(
            documents.REPORT_PARAGRAPHS, documents.REPORT_TABLES, workdir / "scan.pdf"
        ),
    }
    lines = []
    for label, path in files.items():
        isolated = _median(lambda: read_document(path))
        in_process = _median(lambda: read_in_process(path))
        characters = len(read_in_process(path).text)
        lines.append(
            f"{label:22} {_pages(path):>5} {characters:>8} chars  "
            f"read_document {isolated:6.2f} s  in-process {in_process:6.2f} s"
        )
    return lines


def _median(read: Callable[[], object]) -> float:
    durations = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        read()
        durations.append(time.perf_counter() - started)
    return statistics.median(durations)


def _pages(path: Path) -> str:
    if path.suffix != ".pdf":
        return "-"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
