import pytest

from reports.readers import READERS, UnreadableDocument
from tests.documents import REPORT_PARAGRAPHS, REPORT_TEXT, make_docx, make_docx_xml, word_xml

reader = READERS["docx"]


def run(text: str) -> str:
    return f"<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>"


def paragraph(*content: str) -> str:
    return f"<w:p>{''.join(content)}</w:p>"


def cell(*content: str) -> str:
    return f"<w:tc><w:tcPr/>{''.join(content)}</w:tc>"


def test_it_reads_paragraphs_and_tables_in_document_order(report_file):
    document = reader.read(report_file("report.docx"))

    assert document.text == REPORT_TEXT
    assert document.paragraphs == REPORT_PARAGRAPHS
    assert document.tables == ((("项目", "数量"), ("检视问题", "17"), ("整改销号", "11")),)
    assert document.format == "docx"
    assert document.ocr is False


def test_a_table_at_the_start_and_the_end_keeps_its_place(tmp_path):
    path = make_docx(["中间一段"], {0: [["开头", "1"]], 1: [["结尾", "2"]]}, tmp_path / "t.docx")

    assert reader.read(path).text == "开头\t1\n中间一段\n结尾\t2"


def test_runs_tabs_and_line_breaks_inside_a_paragraph(tmp_path):
    body = paragraph(run("检视"), run("问题"), "<w:r><w:tab/></w:r>", run("17个"), "<w:r><w:br/></w:r>", run("第二行"))
    path = make_docx_xml(word_xml(body), tmp_path / "p.docx")

    document = reader.read(path)

    assert document.paragraphs == ("检视问题 17个", "第二行")


def test_tab_stops_and_other_properties_add_no_text(tmp_path):
    body = '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>' + run("正文") + "</w:p>"
    path = make_docx_xml(word_xml(body), tmp_path / "p.docx")

    assert reader.read(path).text == "正文"


def test_tracked_changes_read_as_accepted(tmp_path):
    body = paragraph(
        run("整改销号"),
        '<w:del w:id="1" w:author="a"><w:r><w:delText>9</w:delText></w:r></w:del>',
        '<w:ins w:id="2" w:author="a">' + run("11") + "</w:ins>",
        run("个"),
    )
    path = make_docx_xml(word_xml(body), tmp_path / "p.docx")

    assert reader.read(path).text == "整改销号11个"


def test_field_codes_are_skipped_but_their_results_kept(tmp_path):
    body = paragraph(
        run("第"),
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        run("3"),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        run("页"),
    )
    path = make_docx_xml(word_xml(body), tmp_path / "p.docx")

    assert reader.read(path).text == "第3页"


def test_content_controls_are_read_in_place(tmp_path):
    body = (
        paragraph(run("前言"))
        + "<w:sdt><w:sdtPr/><w:sdtContent>"
        + paragraph(run("控件内的段落"))
        + "</w:sdtContent></w:sdt>"
        + paragraph(run("结语"))
    )
    path = make_docx_xml(word_xml(body), tmp_path / "p.docx")

    assert reader.read(path).paragraphs == ("前言", "控件内的段落", "结语")


def test_a_text_box_is_read_once_not_twice(tmp_path):
    # Word stores a text box twice: DrawingML in mc:Choice and a VML copy in mc:Fallback.
    box = paragraph(run("文本框里的内容"))
    body = paragraph(
        run("锚点段落"),
        "<w:r><mc:AlternateContent>"
        f"<mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>{box}</w:txbxContent></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><w:txbxContent>{box}</w:txbxContent></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>",
    )
    path = make_docx_xml(word_xml(body), tmp_path / "p.docx")

    assert reader.read(path).paragraphs == ("锚点段落", "文本框里的内容")


def test_cells_are_flattened_to_one_line_and_blank_rows_dropped(tmp_path):
    nested = "<w:tbl><w:tr>" + cell(paragraph(run("内表"))) + cell(paragraph(run("5"))) + "</w:tr></w:tbl>"
    body = (
        "<w:tbl><w:tblPr/>"
        + "<w:tr>" + cell(paragraph(run("第一行")), paragraph(run("第二行"))) + cell(nested) + "</w:tr>"
        + "<w:tr>" + cell(paragraph()) + cell(paragraph()) + "</w:tr>"
        + "<w:tr>" + cell('<w:tcPr><w:vMerge/></w:tcPr>', paragraph()) + cell(paragraph(run("8"))) + "</w:tr>"
        + "</w:tbl>"
    )
    path = make_docx_xml(word_xml(body), tmp_path / "t.docx")

    document = reader.read(path)

    assert document.tables == ((("第一行 第二行", "内表 5"), ("", "8")),)
    assert document.text == "第一行 第二行\t内表 5\n\t8"


def test_a_document_without_text_is_unreadable(tmp_path):
    path = make_docx_xml(word_xml(paragraph() + paragraph(run("  "))), tmp_path / "empty.docx")

    with pytest.raises(UnreadableDocument) as caught:
        reader.read(path)

    assert str(caught.value) == "文件中没有可识别的文字内容。"


def test_malformed_xml_is_reported_as_damaged(tmp_path):
    path = make_docx_xml("<w:document><w:body><w:p>", tmp_path / "bad.docx")

    with pytest.raises(UnreadableDocument) as caught:
        reader.read(path)

    assert str(caught.value) == "文件已损坏（文档内容格式错误），无法读取。"
