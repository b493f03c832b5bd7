import shutil
import zipfile

import pytest

from reports.readers import UnreadableDocument, detect_format
from tests.documents import REPORT_PARAGRAPHS, make_docx, make_exe


@pytest.mark.tool("soffice", "pdftoppm")
def test_the_format_comes_from_the_content_not_the_name(tmp_path, report_file):
    cases = {
        "report.docx": "docx",
        "report.doc": "doc",
        "report.pdf": "pdf",
        "report.png": "image",
        "report-gbk.txt": "txt",
    }
    for source, expected in cases.items():
        disguised = tmp_path / f"{expected}-as.pdf" if expected != "pdf" else tmp_path / "pdf-as.docx"
        shutil.copyfile(report_file(source), disguised)

        assert detect_format(disguised) == expected


@pytest.mark.tool("soffice")
def test_a_word_binary_named_wps_is_reported_as_wps(tmp_path, report_file):
    wps = shutil.copyfile(report_file("report.doc"), tmp_path / "报告.WPS")

    assert detect_format(wps) == "wps"


def test_an_rtf_file_goes_to_the_word_binary_reader(tmp_path):
    path = tmp_path / "report.doc"
    path.write_bytes(b"{\\rtf1\\ansi hello}")

    assert detect_format(path) == "doc"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda path: path.write_bytes(b""), "文件为空。"),
        (make_exe, "文件是可执行程序，不是文档，已拒绝读取。"),
        (lambda path: path.unlink(missing_ok=True), "无法打开文件，文件可能不存在。"),
    ],
    ids=["empty", "exe", "missing"],
)
def test_it_refuses_files_that_are_not_documents(build, message, tmp_path):
    path = tmp_path / "report.docx"
    build(path)

    with pytest.raises(UnreadableDocument) as caught:
        detect_format(path)

    assert str(caught.value) == message


def test_a_zip_without_a_word_document_is_unsupported(tmp_path):
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")

    with pytest.raises(UnreadableDocument, match="不支持的文件类型"):
        detect_format(path)


def test_a_password_protected_word_file_is_reported_as_encrypted(tmp_path):
    # Office keeps an encrypted .docx in an OLE container with an EncryptedPackage stream.
    path = tmp_path / "report.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le"))

    with pytest.raises(UnreadableDocument, match="文件已加密"):
        detect_format(path)


def test_a_docx_is_detected_whatever_its_name(tmp_path):
    path = make_docx(REPORT_PARAGRAPHS, {}, tmp_path / "noname")

    assert detect_format(path) == "docx"
