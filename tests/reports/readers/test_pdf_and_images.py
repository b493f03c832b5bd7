from collections import Counter

import pytest
from PIL import Image

from reports.readers import READERS, UnreadableDocument
from reports.readers.base import tidy_cjk_spaces
from reports.readers.layout import Word, page_blocks
from tests.documents import REPORT_PARAGRAPHS, REPORT_TEXT, figures, long_report, make_text_pdf

REPORT_TABLE = (("项目", "数量"), ("检视问题", "17"), ("整改销号", "11"))


def share_of_figures_found(text: str) -> float:
    expected = Counter(figures(REPORT_TEXT))
    found = Counter(figures(text)) & expected
    return sum(found.values()) / sum(expected.values())


@pytest.mark.tool("soffice", "pdftotext")
def test_a_text_pdf_gives_back_paragraphs_and_table_rows(report_file):
    document = READERS["pdf"].read(report_file("report.pdf"))

    assert document.text == REPORT_TEXT
    assert document.paragraphs == REPORT_PARAGRAPHS
    assert document.tables == (REPORT_TABLE,)
    assert document.ocr is False


@pytest.mark.tool("soffice", "pdftotext")
def test_wrapped_lines_of_a_pdf_are_joined_into_their_paragraphs(tmp_path):
    paragraphs, tables = long_report(1)
    paragraphs = paragraphs[:3]  # one page: a heading, two long paragraphs with a table between
    path = make_text_pdf(paragraphs, {2: tables[2]}, tmp_path / "long.pdf")

    document = READERS["pdf"].read(path)

    assert document.paragraphs == tuple(paragraphs)
    assert document.tables == (tuple(tuple(row) for row in tables[2]),)


@pytest.mark.tool("soffice", "pdftoppm", "pdftotext", "tesseract")
def test_a_scanned_pdf_is_read_by_ocr(report_file):
    document = READERS["pdf"].read(report_file("report-scan.pdf"))

    assert document.ocr is True
    assert document.format == "pdf"
    assert share_of_figures_found(document.text) >= 0.9
    assert "检视问题\t17" in document.text.split("\n")


@pytest.mark.tool("soffice", "pdftoppm", "tesseract")
def test_an_image_is_read_by_ocr(report_file):
    document = READERS["image"].read(report_file("report.png"))

    assert document.ocr is True
    assert document.format == "image"
    assert share_of_figures_found(document.text) >= 0.9


@pytest.mark.tool("tesseract")
def test_a_blank_image_has_no_text(tmp_path):
    path = tmp_path / "blank.png"
    Image.new("L", (800, 600), 255).save(path)

    with pytest.raises(UnreadableDocument, match="没有可识别的文字"):
        READERS["image"].read(path)


@pytest.mark.parametrize(
    ("text", "tidied"),
    [
        ("读书班 12 期", "读书班12期"),
        ("检 视 问 题", "检视问题"),
        ("64.7% 。", "64.7%。"),
        ("12 34", "12 34"),
        ("Word 文档", "Word 文档"),
    ],
)
def test_spaces_touching_chinese_are_dropped_unless_next_to_latin_letters(text, tidied):
    assert tidy_cjk_spaces(text) == tidied


def line(top: float, *words: tuple[float, float, str], height: float = 10) -> list[Word]:
    return [Word(left, top, right, top + height, text) for left, right, text in words]


def test_words_far_apart_on_one_row_form_a_table_row():
    lines = [line(0, (0, 40, "检视"), (42, 60, "问题")), line(1, (300, 320, "17"))]

    assert page_blocks(lines) == [(("检视问题", "17"),)]


def test_a_wrapped_paragraph_is_joined_and_an_indented_line_opens_the_next():
    lines = [
        line(0, (20, 500, "第一段开头，检视问题")),
        line(12, (0, 500, "17 个，整改销号")),
        line(24, (0, 200, "11 个")),
        line(36, (20, 500, "第二段")),
    ]

    assert page_blocks(lines) == ["第一段开头，检视问题17个，整改销号11个", "第二段"]


def test_a_line_ending_a_sentence_ends_its_paragraph():
    lines = [line(0, (0, 500, "全部完成。")), line(12, (0, 500, "二、下一步工作"))]

    assert page_blocks(lines) == ["全部完成。", "二、下一步工作"]


def test_extra_vertical_space_separates_paragraphs():
    lines = [line(0, (0, 500, "上一段")), line(40, (0, 500, "下一段"))]

    assert page_blocks(lines) == ["上一段", "下一段"]
