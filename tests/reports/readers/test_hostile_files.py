"""Hostile and broken uploads: each is refused with a clear message, costs the calling process no
memory, and leaves read_document working for the next file."""
import resource

import pytest

from reports.readers import UnreadableDocument, read_document
from tests import documents
from tests.documents import REPORT_PARAGRAPHS, REPORT_TABLES

DAMAGED_ZIP = "文件已损坏（压缩包结构错误），无法读取。"
BOMB = "文件解压后体积异常（疑似压缩炸弹），已拒绝读取。"
UNSAFE_XML = "文件包含不安全的 XML 声明（DTD 或实体），已拒绝读取。"

HOSTILE = {
    "empty file": ("report.docx", lambda path: path.write_bytes(b""), "文件为空。"),
    "renamed exe": ("report.docx", documents.make_exe, "文件是可执行程序，不是文档，已拒绝读取。"),
    "truncated docx": ("report.docx", documents.make_truncated_docx, DAMAGED_ZIP),
    "docx with broken xml": (
        "report.docx",
        lambda path: documents.make_docx_xml(documents.word_xml("<w:p><w:r>"), path),
        "文件已损坏（文档内容格式错误），无法读取。",
    ),
    "encrypted pdf": (
        "report.pdf",
        lambda path: documents.make_encrypted_pdf(REPORT_PARAGRAPHS, REPORT_TABLES, path, "2023"),
        "文件已加密，无法读取，请去除密码后重新上传。",
    ),
    "pdf with self-referencing xref": ("report.pdf", documents.make_self_referencing_pdf, "PDF 文件已损坏，无法读取。"),
    "zip bomb": ("report.docx", documents.make_zip_bomb_docx, BOMB),
    "zip claiming a huge size": ("report.docx", documents.make_lying_size_docx, BOMB),
    "overlapping zip entries": ("report.docx", documents.make_overlapping_zip_docx, BOMB),
    "billion laughs": ("report.docx", documents.make_billion_laughs_docx, UNSAFE_XML),
    "external entity": ("report.docx", documents.make_external_entity_docx, UNSAFE_XML),
    "garbage doc": ("report.doc", documents.make_garbage_doc, "文档无法转换，文件可能已损坏或不是 Word/WPS 文档。"),
    "image of ten gigapixels": ("report.png", documents.make_huge_png, "图片尺寸过大（超过 4000 万像素），无法识别。"),
}


# The cases built by LibreOffice or read by poppler.
NEEDS = {
    "encrypted pdf": ("soffice", "pdftotext"),
    "pdf with self-referencing xref": ("pdftotext", "pdftoppm"),  # its empty page goes to OCR rendering
    "garbage doc": ("soffice",),
}


@pytest.mark.parametrize(
    "case", [pytest.param(case, marks=pytest.mark.tool(*NEEDS[case])) if case in NEEDS else case for case in HOSTILE]
)
def test_a_hostile_file_is_refused_and_the_next_read_works(case, tmp_path, report_file):
    name, build, message = HOSTILE[case]
    path = tmp_path / name
    build(path)

    with pytest.raises(UnreadableDocument) as caught:
        read_document(path)

    assert str(caught.value) == message
    assert peak_memory_mb() < 300
    assert read_document(report_file("report-gbk.txt")).text == documents.REPORT_TEXT


def test_a_parse_that_outgrows_memory_mb_is_stopped_and_the_next_read_works(tmp_path, report_file):
    # 9 MB of GBK text: fine under the default limit (refused later for its length), too big under 40 MB.
    path = documents.make_txt(("检视问题17个，整改销号11个。" * 1000 + "\n") * 330, tmp_path / "big.txt", "gbk")

    with pytest.raises(UnreadableDocument) as caught:
        read_document(path, memory_mb=40)

    assert str(caught.value) == "文件过大或结构过于复杂，超出内存限制，无法读取。"
    assert peak_memory_mb() < 300
    assert read_document(report_file("report-gbk.txt")).text == documents.REPORT_TEXT


def test_text_longer_than_the_answer_limit_is_refused(tmp_path):
    path = documents.make_txt(("检视问题17个，整改销号11个。" * 1000 + "\n") * 330, tmp_path / "big.txt", "gbk")

    with pytest.raises(UnreadableDocument) as caught:
        read_document(path)

    assert str(caught.value) == "文件文字内容过多（超过 200 万字），无法读取。"


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
