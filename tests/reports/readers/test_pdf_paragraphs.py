"""Lines a PDF page wrapped are joined back into their paragraphs; real breaks, headings and list
items stay on lines of their own; running headers and page numbers are dropped."""
import shutil
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from reports.readers import read_document
from reports.readers.layout import Word, document_blocks, page_blocks
from reports.readers.office import libreoffice_convert

HEADER = "城东区主题教育领导小组办公室"
# A wrap placed inside a number by a manual break: the line before it is stretched to the margin
# (justified text), so on the page it looks like any other line that ran out of room.
SPLIT = "\n"
PARAGRAPHS = (
    "城东区关于主题教育第二阶段工作进展的报告",
    "一、理论学习持续深化",
    "区委理论学习中心组把学习贯彻新思想作为首要任务，采取集中研讨、专题辅导和个人自学相结合的办法，"
    "本阶段共组织集中学习九次，其中专题研讨五次；各街道党工委同步跟进，举办读书班27期，参训党员"
    "干部累计达到3" + SPLIT + "416人次，撰写学习体会一千二百余篇，择优汇编成册在全区交流。",
    "（一）领导干部带头学。区级领导干部围绕分管领域讲专题党课，深入联系点宣讲41场次，"
    "覆盖基层党员四千余名。",
    "（二）基层党员跟进学。依托新时代文明实践站和党员活动室，组织流动党员、老党员开展送学上门，"
    "累计送学1,2" + SPLIT + "05人次，发放学习资料六千余册。",
    "（三）青年干部研讨学。组建青年理论学习小组15个，采取“微党课”“读书分享会”等形式开展交流，"
    "每月至少集中一次，由小组成员轮流领学、联系岗位谈体会，区委组织部对各小组学习记录进行抽查讲评，"
    "推动学习从“有没有”向“好不好”转变。",
    "二、调查研究走深走实",
    "区级领导班子成员每人确定一个调研课题，共确定课题23个，深入企业、社区和项目工地蹲点调研，"
    "走访群众及市场主体一千余户，召开座谈会58场，收集意见建议317条，目前已形成调研报告19篇，"
    "其中6篇转化为具体政策措施。调研中发现的问题分类建立清单，明确牵头领导、责任单位和完成时限，"
    "实行动态管理。",
    "三、检视整改扎实推进",
    "对照群众反映和巡察反馈，区委常委会逐条检视问题，梳理出三个方面的突出问题共计64个：",
    "1.服务企业不够主动的问题21个，已整改销号15个；",
    "2.民生实事推进迟缓的问题26个，已整改销号18个；",
    "3.干部作风不够扎实的问题17个，已整改销号9个。",
    "整改过程中坚持开门搞整改，对已销号的问题逐一回访，群众满意率达到96.5%，对群众不认可的两个问题"
    "重新列入清单，跟踪督办直至群众满意为止。全区为群众办实事项目52件，已完成41件，投入资金"
    "2" + SPLIT + "860万元。",
    "四、下一步工作打算",
    "下一步，区委将持续抓好问题整改的跟踪问效，对未销号的问题挂图作战，确保按期清零；"
    "同时总结提炼好的经验做法，建立健全长效机制，推动主题教育成果转化为推动高质量发展的实际成效。",
)


def _page_number_footer(paragraph) -> None:
    # "- N -" with N from a PAGE field, as offices print page numbers.
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" -")


def make_office_pdf(path: Path, *, style: str) -> Path:
    """The report as an office sends it: justified 16 pt text over several pages, a running header
    and page numbers; paragraphs marked by a first-line indent ("indented") or by space ("spaced")."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    _page_number_footer(section.footer.paragraphs[0])
    for text in PARAGRAPHS:
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        layout = paragraph.paragraph_format
        layout.line_spacing = Pt(28)
        layout.space_before = Pt(0)
        layout.space_after = Pt(12) if style == "spaced" else Pt(0)
        if style == "indented":
            layout.first_line_indent = Pt(32)
        for run in paragraph.runs:
            run.font.size = Pt(16)
    source = path.with_suffix(".docx")
    document.save(source)
    converted = libreoffice_convert(source, "pdf", path.parent / f"convert-{style}", timeout=120)
    shutil.move(converted, path)
    return path


@pytest.mark.tool("soffice")
@pytest.mark.tool("pdftotext")
@pytest.mark.parametrize("style", ["indented", "spaced"])
def test_an_office_pdf_reads_back_as_its_paragraphs(tmp_path, style):
    path = make_office_pdf(tmp_path / f"{style}.pdf", style=style)

    document = read_document(path)

    assert document.text.split("\n") == [text.replace(SPLIT, "") for text in PARAGRAPHS]
    assert "3416人次" in document.text and "1,205人次" in document.text and "2860万元" in document.text


def row(top: float, left: float, right: float, text: str, height: float = 10) -> list[Word]:
    return [Word(left, top, right, top + height, text)]


def test_a_number_wrapped_over_two_lines_is_one_number():
    lines = [row(0, 0, 500, "参训党员干部累计达到3"), row(12, 0, 200, "416人次。")]

    assert page_blocks(lines) == ["参训党员干部累计达到3416人次。"]


def test_latin_words_wrapped_over_two_lines_keep_their_space():
    lines = [row(0, 0, 500, "上报 Excel"), row(12, 0, 200, "report 一份")]

    assert page_blocks(lines) == ["上报 Excel report 一份"]


def test_a_line_holding_as_many_characters_as_full_lines_is_full_even_when_digits_leave_room():
    # Laid out by character count: digits take half a cell, so the line with figures ends early.
    lines = [
        row(0, 0, 200, "甲" * 20),
        row(12, 0, 200, "乙" * 20),
        row(24, 0, 200, "丙" * 20),
        row(36, 0, 150, "共查找问题1234567890个"),
        row(48, 0, 100, "其余正在推进。"),
    ]

    assert page_blocks(lines) == ["甲" * 20 + "乙" * 20 + "丙" * 20 + "共查找问题1234567890个其余正在推进。"]


def test_a_list_marker_after_a_sentence_end_opens_a_line_even_on_a_full_line():
    lines = [
        row(0, 20, 500, "整改情况如下，已完成的有："),
        row(12, 0, 500, "1.制度建设方面已完成。"),
        row(24, 0, 500, "（二）作风方面的问题"),
        row(36, 0, 500, "统"),
        row(48, 0, 500, "一、规范的台账已经建立"),
    ]

    assert page_blocks(lines) == ["整改情况如下，已完成的有：", "1.制度建设方面已完成。", "（二）作风方面的问题统一、规范的台账已经建立"]


def test_a_run_in_enumeration_after_a_full_line_stays_in_its_paragraph():
    # Ten units a character, twenty characters a line. The page marks paragraphs by indents, so
    # "三是" after "；" at the margin goes on with the same paragraph.
    lines = [
        row(0, 20, 200, "一是强化理论学习，开展专题研讨六次；"),
        row(12, 0, 200, "二是深化调查研究，共形成调研报告九篇；"),
        row(24, 0, 70, "三是抓好整改。"),
        row(36, 20, 200, "下一段的第一行同样缩进两个字符，写满"),
        row(48, 0, 40, "一行。"),
    ]

    assert page_blocks(lines) == [
        "一是强化理论学习，开展专题研讨六次；二是深化调查研究，共形成调研报告九篇；三是抓好整改。",
        "下一段的第一行同样缩进两个字符，写满一行。",
    ]


def test_a_paragraph_runs_on_over_a_page_break_without_the_header_and_page_number():
    def page(number: int, *lines: list[Word]) -> list[list[Word]]:
        return [row(-40, 100, 300, "某县主题教育办公室"), *lines, row(800, 240, 260, f"- {number} -")]

    pages = [
        page(1, row(0, 20, 500, "第一段开头，检视问题"), row(12, 0, 500, "17个，已整改")),
        page(2, row(0, 0, 200, "11个。"), row(12, 20, 500, "第二段")),
    ]

    assert document_blocks(pages) == ["第一段开头，检视问题17个，已整改11个。", "第二段"]


@pytest.mark.parametrize("number", ["3", "- 3 -", "—3—", "第3页", "第 3 页 共 12 页", "3/12"])
def test_page_numbers_are_dropped(number):
    lines = [row(0, 0, 500, "正文第一行"), row(700, 240, 260, number)]

    assert page_blocks(lines) == ["正文第一行"]


def test_a_line_at_the_top_of_one_page_only_is_text_not_a_header():
    pages = [
        [row(0, 0, 200, "县委主题教育领导小组办公室"), row(12, 20, 200, "第一段开头，检视问题")],
        [row(0, 0, 200, "17个，已整改11个。"), row(12, 0, 200, "中共某县县委主题教育领导小组办公室")],
    ]

    assert document_blocks(pages) == [
        "县委主题教育领导小组办公室", "第一段开头，检视问题17个，已整改11个。", "中共某县县委主题教育领导小组办公室"
    ]
