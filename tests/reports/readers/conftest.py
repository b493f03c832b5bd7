"""The sample report built once per test session in every format (LibreOffice takes ~2 s a file)."""
import time
from pathlib import Path

import pytest

from tests import documents
from tests.documents import REPORT_PARAGRAPHS, REPORT_TABLES, REPORT_TEXT

BUILDERS = {
    "report-gbk.txt": lambda path: documents.make_txt(REPORT_TEXT, path, "gbk"),
    "report.docx": lambda path: documents.make_docx(REPORT_PARAGRAPHS, REPORT_TABLES, path),
    "report.doc": lambda path: documents.make_doc(REPORT_PARAGRAPHS, REPORT_TABLES, path),
    "report.wps": lambda path: documents.make_wps(REPORT_PARAGRAPHS, REPORT_TABLES, path),
    "report.pdf": lambda path: documents.make_text_pdf(REPORT_PARAGRAPHS, REPORT_TABLES, path),
    "report-scan.pdf": lambda path: documents.make_scanned_pdf(REPORT_PARAGRAPHS, REPORT_TABLES, path),
    "report.png": lambda path: documents.make_png(REPORT_PARAGRAPHS, REPORT_TABLES, path),
}


@pytest.fixture(scope="session")
def report_file(tmp_path_factory):
    """``report_file(name)`` gives the sample report saved as ``name`` (a key of BUILDERS)."""
    folder = tmp_path_factory.mktemp("report")
    built: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in built:
            built[name] = BUILDERS[name](folder / name)
        return built[name]

    return get


def alive(pid: int) -> bool:
    """Running, as opposed to gone or a zombie left for a parent that does not reap."""
    deadline = time.monotonic() + 5  # SIGKILL is asynchronous: allow the kernel a moment
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except FileNotFoundError:
            return False
        if state in ("Z", "X"):
            return False
        time.sleep(0.05)
    return True
