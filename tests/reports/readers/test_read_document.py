from collections import Counter

import pytest

from reports.readers import Document, UnreadableDocument, read_document
from reports.readers.tools import run_tool, time_limit
from tests.documents import REPORT_TEXT, figures

from .conftest import alive

TIMEOUT = "读取文件超时，文件可能已损坏或过于复杂。"


def normalised(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize(
    ("name", "format"),
    [
        ("report-gbk.txt", "txt"),
        ("report.docx", "docx"),
        pytest.param("report.doc", "doc", marks=pytest.mark.tool("soffice")),
        pytest.param("report.wps", "wps", marks=pytest.mark.tool("soffice")),
        pytest.param("report.pdf", "pdf", marks=pytest.mark.tool("soffice", "pdftotext")),
    ],
)
def test_the_same_report_reads_the_same_in_every_format(name, format, report_file):
    document = read_document(report_file(name))

    assert isinstance(document, Document)
    assert document.format == format
    assert document.ocr is False
    assert normalised(document.text) == normalised(REPORT_TEXT)


@pytest.mark.parametrize(
    ("name", "format"),
    [
        pytest.param("report-scan.pdf", "pdf", marks=pytest.mark.tool("soffice", "pdftoppm", "pdftotext", "tesseract")),
        pytest.param("report.png", "image", marks=pytest.mark.tool("soffice", "pdftoppm", "tesseract")),
    ],
)
def test_the_same_report_scanned_keeps_nine_figures_in_ten(name, format, report_file):
    document = read_document(report_file(name))

    expected = Counter(figures(REPORT_TEXT))
    found = Counter(figures(document.text)) & expected
    assert document.format == format
    assert document.ocr is True
    assert sum(found.values()) >= 0.9 * sum(expected.values())


def test_read_document_returns_tuples_like_the_readers(report_file):
    document = read_document(report_file("report.docx"))

    assert document.tables == ((("项目", "数量"), ("检视问题", "17"), ("整改销号", "11")),)
    assert isinstance(document.paragraphs, tuple)


def test_a_timed_out_tool_is_killed_with_its_whole_process_group(tmp_path):
    pids = tmp_path / "pids"

    with pytest.raises(UnreadableDocument) as caught:
        run_tool(["sh", "-c", f'sleep 100000 & echo "$$ $!" > {pids}; wait'], timeout=1)

    assert str(caught.value) == TIMEOUT
    assert not any(alive(int(pid)) for pid in pids.read_text().split())


def test_time_limit_shortens_every_tool_inside_it():
    # Without the limit, sleep would finish well inside its own 60 s timeout and nothing would raise.
    with time_limit(1), pytest.raises(UnreadableDocument) as caught:
        run_tool(["sleep", "10"], timeout=60)

    assert str(caught.value) == TIMEOUT


def test_a_missing_program_is_named_in_the_message():
    with pytest.raises(UnreadableDocument) as caught:
        run_tool(["no-such-reader-tool"], timeout=5)

    assert str(caught.value) == "服务器缺少读取该文件所需的程序（no-such-reader-tool），请联系管理员。"
