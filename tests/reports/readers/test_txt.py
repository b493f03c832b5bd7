import pytest

from reports.readers import READERS, UnreadableDocument, detect_format
from reports.readers.txt import decode_text
from tests.documents import REPORT_PARAGRAPHS, REPORT_TEXT, make_txt

REPORT_TABLE = (("项目", "数量"), ("检视问题", "17"), ("整改销号", "11"))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-be"])
def test_it_reads_the_report_in_every_supported_encoding(encoding, tmp_path):
    if encoding == "utf-16-be":  # no BOM written by this codec: add one, as Windows Notepad does
        path = tmp_path / "report.txt"
        path.write_bytes(b"\xfe\xff" + REPORT_TEXT.encode("utf-16-be"))
    else:
        path = make_txt(REPORT_TEXT, tmp_path / "report.txt", encoding)

    document = READERS[detect_format(path)].read(path)

    assert document.text == REPORT_TEXT
    assert document.paragraphs == REPORT_PARAGRAPHS
    assert document.tables == (REPORT_TABLE,)
    assert document.format == "txt"
    assert document.ocr is False


@pytest.mark.parametrize("text", ["检视问题17个", "整改", "销号", "问题清单：共5条", "甲县"])
def test_short_gbk_chinese_is_not_mistaken_for_another_encoding(text):
    assert decode_text(text.encode("gbk")) == text


def test_a_sample_cut_inside_a_character_still_decodes():
    data = "整改完成率64.7%".encode("utf-8")

    assert decode_text(data[:-1], complete=False) == "整改完成率64.7"


def test_windows_line_ends_and_blank_lines_leave_clean_paragraphs(tmp_path):
    path = make_txt("　　第一段，检视问题3个。\r\n\r\n  第二段。\r\n", tmp_path / "a.txt", "gbk")

    document = READERS["txt"].read(path)

    assert document.paragraphs == ("第一段，检视问题3个。", "第二段。")
    assert document.text == "第一段，检视问题3个。\n第二段。"


def test_a_file_of_blank_lines_has_no_text(tmp_path):
    path = make_txt(" \n\n\t\n", tmp_path / "blank.txt")

    with pytest.raises(UnreadableDocument, match="没有可识别的文字"):
        READERS["txt"].read(path)


def test_binary_bytes_are_not_taken_for_text(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(bytes(range(256)) * 4)

    with pytest.raises(UnreadableDocument, match="不支持的文件类型"):
        detect_format(path)
