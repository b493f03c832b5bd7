import pytest

from reports.readers import READERS, UnreadableDocument, read_document
from reports.readers.office import LibreOfficeReader
from tests.documents import (
    REPORT_PARAGRAPHS,
    REPORT_TABLES,
    REPORT_TEXT,
    make_garbage_doc,
    make_hanging_soffice,
    make_rtf,
)

from .conftest import alive

TIMEOUT = "读取文件超时，文件可能已损坏或过于复杂。"


@pytest.mark.tool("soffice")
@pytest.mark.parametrize(("name", "format"), [("report.doc", "doc"), ("report.wps", "wps")])
def test_word_binaries_are_read_through_libreoffice(name, format, report_file):
    document = READERS[format].read(report_file(name))

    assert document.text == REPORT_TEXT
    assert document.paragraphs == REPORT_PARAGRAPHS
    assert document.tables == ((("项目", "数量"), ("检视问题", "17"), ("整改销号", "11")),)
    assert document.format == format


@pytest.mark.tool("soffice")
def test_rtf_saved_as_doc_is_read(tmp_path):
    path = make_rtf(REPORT_PARAGRAPHS, REPORT_TABLES, tmp_path / "report.doc")

    assert READERS["doc"].read(path).text == REPORT_TEXT


@pytest.mark.tool("soffice")
def test_real_libreoffice_refuses_a_garbage_doc_instead_of_importing_it_as_text(tmp_path):
    path = make_garbage_doc(tmp_path / "report.doc")

    with pytest.raises(UnreadableDocument) as caught:
        READERS["doc"].read(path)

    assert str(caught.value) == "文档无法转换，文件可能已损坏或不是 Word/WPS 文档。"


@pytest.mark.tool("soffice")  # builds the .doc; the converter that hangs is a stand-in
def test_a_hanging_converter_is_killed_with_its_children(tmp_path, report_file):
    pids = tmp_path / "pids"
    soffice = make_hanging_soffice(tmp_path / "soffice", pids)
    reader = LibreOfficeReader("doc", command=str(soffice), timeout=2)

    with pytest.raises(UnreadableDocument) as caught:
        reader.read(report_file("report.doc"))

    assert str(caught.value) == TIMEOUT
    assert not any(alive(int(pid)) for pid in pids.read_text().split())


@pytest.mark.tool("soffice")
def test_read_document_gives_up_on_a_hanging_converter_and_the_next_read_works(tmp_path, report_file):
    pids = tmp_path / "pids"
    soffice = make_hanging_soffice(tmp_path / "soffice", pids)

    with pytest.raises(UnreadableDocument) as caught:
        read_document(report_file("report.doc"), timeout=5, soffice=str(soffice))

    assert str(caught.value) == TIMEOUT
    assert not any(alive(int(pid)) for pid in pids.read_text().split())
    assert read_document(report_file("report.doc")).text == REPORT_TEXT
