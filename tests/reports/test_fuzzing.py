"""Fuzzing: random text and random bytes never make the extractor, a reader or the ledger reader raise
anything but its own clear error (UnreadableDocument for readers, UnreadableLedger for workbooks; the
extractor raises nothing).

Inputs are random but shaped to get past the first check: text made of the words reports use, bytes that
start with each format's signature, and zip archives and workbooks whose parts hold random content.
Example counts come from the Hypothesis profile (tests/conftest.py): `ci` by default, moderate and the
same on every run; `HYPOTHESIS_PROFILE=fuzz` searches much longer with fresh random inputs.
"""
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from reports.extraction import extract_figures, shipped_catalog
from reports.ledger.reading import read_workbook
from reports.ledger.sheets import UnreadableLedger, read_sheets
from reports.ledger.vocabulary import default_vocabulary
from reports.readers import READERS, UnreadableDocument, read_document, read_in_process
from tracker.workbooks import RECTIFICATION

CATALOG = shipped_catalog()
VOCABULARY = default_vocabulary(RECTIFICATION)


def examples(share: int) -> hypothesis_settings:
    """The profile's example count divided by `share`, for tests whose every example starts a program."""
    return hypothesis_settings(max_examples=max(3, hypothesis_settings.default.max_examples // share))


# ---- the extractor: a pure function of text and catalog ----

REPORT_WORDS = [
    "共", "检视", "查摆", "问题", "已完成", "整改", "个", "名", "场次", "期", "万元", "余", "约", "以上", "不少于",
    "党员", "领导班子", "召开", "专题", "组织生活会", "一", "二", "十", "百", "千", "万", "两", "%", "％", "、", "，",
    "。", "；", "：", "（", "）", "\n", "\t", " ", "1", "23", "4.5", "1,200", "３", "第", "其中", "下一步", "未",
    "计划", "截至", "年", "月", "日", "-", "至", "～", "《", "》", "“", "”",
]
report_like_text = st.lists(st.sampled_from(REPORT_WORDS) | st.text(max_size=3), max_size=80).map("".join)


# Long digit runs, which the random text above rarely holds: found by hand after the fuzzing, each crashed
# the extractor or the database write of its figure (see test_a_numeral_too_long_for_a_figure_is_none).
digit_runs = st.tuples(st.sampled_from(["", "共检视问题", "资金"]), st.integers(10, 5000), st.sampled_from(
    ["", ".5"]), st.sampled_from(["个", "万元", "亿元", ""])).map(lambda p: f"{p[0]}{'9' * p[1]}{p[2]}{p[3]}")


@given(text=st.text() | report_like_text | digit_runs)
@example(text="共检视问题31个，已完成整改24个。")
@example(text="1" * 5000 + "个")  # ValueError: int() of more than 4,300 digits
@example(text="共检视问题" + "9" * 400 + ".5万个")  # float overflow: OverflowError in scaling an infinite value
def test_the_extractor_takes_any_text(text):
    figures = extract_figures(text, CATALOG)
    for figure in figures:
        assert 0 <= figure.start <= figure.end <= len(text)
        assert abs(figure.value) < 10**16  # what the figure's DecimalField (20 digits, 4 decimals) holds
        assert text[figure.start : figure.end] == figure.text
    assert list(figures) == sorted(figures, key=lambda f: f.start)
    # One figure per span: the database holds a report's extracted figures unique by span.
    assert len({(f.start, f.end) for f in figures}) == len(figures)


@pytest.mark.parametrize("text", [
    "共检视问题610102199001011234个。",  # an ID card number is no count (and no DecimalField holds it)
    "投入资金1" + "0" * 30 + "万元。",
    "共检视问题" + "9" * 400 + ".5个。",
    "检视问题\t" + "1" * 20000 + "\n",
])
def test_a_numeral_too_long_for_a_figure_is_none(text):
    assert extract_figures(text, CATALOG) == ()


def test_the_largest_figures_a_report_states_are_kept():
    assert [f.value for f in extract_figures("投入资金999999999999999元，共检视问题31个。", CATALOG)] == [
        999999999999999, 31
    ]


# ---- the readers: file in, text out, or UnreadableDocument ----

SIGNATURES = {
    "txt": b"",
    "pdf": b"%PDF-1.4\n",
    "image": b"\x89PNG\r\n\x1a\n",
    "docx": b"PK\x03\x04",
    "doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    "wps": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
}


def read_or_refuse(read, path):
    """Call the reader; a refusal must say why in Chinese."""
    try:
        document = read(path)
    except UnreadableDocument as exc:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc)), str(exc)
        return None
    assert document.text.strip() or not document.paragraphs
    return document


def write(tmp_path_factory, data: bytes, suffix: str) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / f"upload{suffix}"
    path.write_bytes(data)
    return path


@given(data=st.binary(max_size=4096) | st.text(max_size=500).map(lambda t: t.encode("gb18030", "replace")))
@example(data=b"\xef\xbb\xbf\x00")
@example(data=b"\xff\xfe\x00\xd8")
def test_the_text_reader_takes_any_bytes(tmp_path_factory, data):
    read_or_refuse(READERS["txt"].read, write(tmp_path_factory, data, ".txt"))


def docx_archive(body: str, *, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", body)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


WORDML = [
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
    "</w:body></w:document>", "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "<w:tbl>", "</w:tbl>",
    "<w:tr>", "</w:tr>", "<w:tc>", "</w:tc>", "<w:tab/>", "<w:br/>", "共检视问题31个", "&amp;", "&#0;", "&#x1F600;",
    "<![CDATA[x]]>", "<!DOCTYPE d [<!ENTITY e 'x'>]>", "&e;", "<w:del>", "</w:del>", '<w:t xml:space="preserve">',
]
wordml = st.lists(st.sampled_from(WORDML) | st.text(max_size=5), max_size=40).map("".join)


@given(body=wordml, raw=st.binary(max_size=512))
def test_the_docx_reader_takes_any_document_part(tmp_path_factory, body, raw):
    read_or_refuse(READERS["docx"].read, write(tmp_path_factory, docx_archive(body), ".docx"))
    read_or_refuse(READERS["docx"].read, write(tmp_path_factory, SIGNATURES["docx"] + raw, ".docx"))


@pytest.mark.tool("pdftotext", "pdftoppm", "tesseract")
@given(tail=st.binary(max_size=2048))
@examples(4)
def test_the_pdf_reader_takes_any_bytes_after_the_signature(tmp_path_factory, tail):
    read_or_refuse(READERS["pdf"].read, write(tmp_path_factory, SIGNATURES["pdf"] + tail, ".pdf"))


@pytest.mark.tool("tesseract")
@given(tail=st.binary(max_size=2048), signature=st.sampled_from([b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"]))
@examples(4)
def test_the_image_reader_takes_any_bytes_after_the_signature(tmp_path_factory, tail, signature):
    read_or_refuse(READERS["image"].read, write(tmp_path_factory, signature + tail, ".png"))


@pytest.mark.tool("soffice")
@given(tail=st.binary(max_size=2048), suffix=st.sampled_from([".doc", ".wps"]))
@examples(20)
def test_the_word_binary_readers_take_any_bytes_after_the_signature(tmp_path_factory, tail, suffix):
    path = write(tmp_path_factory, SIGNATURES["doc"] + tail + "WordDocument".encode("utf-16-le"), suffix)
    read_or_refuse(lambda p: read_in_process(p), path)


@pytest.mark.tool("pdftotext", "pdftoppm", "tesseract", "soffice")
@given(signature=st.sampled_from(sorted(set(SIGNATURES.values()))), tail=st.binary(max_size=1024))
@examples(20)
def test_reading_an_upload_in_its_child_process_refuses_any_bytes_clearly(tmp_path_factory, signature, tail):
    # The child turns whatever a reader raises into UnreadableDocument; the parent must too.
    read_or_refuse(lambda p: read_document(p, timeout=20), write(tmp_path_factory, signature + tail, ".doc"))


# ---- the ledger reader: a workbook in, rows out, or UnreadableLedger ----

def read_ledger_or_refuse(path, name="台账.xlsx"):
    try:
        return read_workbook(path, RECTIFICATION, VOCABULARY, name=name)
    except UnreadableLedger as exc:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc)), str(exc)
        return None


@given(data=st.binary(max_size=2048), signature=st.sampled_from([b"", b"PK\x03\x04", b"PK\x05\x06"]))
def test_the_ledger_reader_takes_any_bytes(tmp_path_factory, data, signature):
    read_ledger_or_refuse(write(tmp_path_factory, signature + data, ".xlsx"))


HEADERS = ["序号", "问题描述", "问题来源", "整改措施", "责任单位", "责任人", "整改时限", "整改状态", "销号日期", "备注"]
CELLS = [
    "检视查摆", "群众反映", "已销号", "已完成", "整改中", "未整改", "2023年12月底前", "立行立改", "长期坚持",
    "2023.10.15", "2023-13-45", "县委办", "张三", "=1/0", "#N/A", "", " ", "\n", "1", "-3", "1e308",
]
cell = (
    st.sampled_from(HEADERS + CELLS)
    | st.text(max_size=12)
    | st.integers(min_value=-(10**15), max_value=10**15)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.dates()
    | st.none()
)
grid = st.lists(st.lists(cell, max_size=12), max_size=25)


def workbook_bytes(rows, header_first: bool) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if header_first:
        sheet.append(HEADERS)
    for row in rows:
        # Characters a worksheet cannot hold are left out: no workbook has them.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@given(rows=grid, header_first=st.booleans())
@examples(2)
def test_the_ledger_reader_takes_any_cells_under_any_header(tmp_path_factory, rows, header_first):
    read_ledger_or_refuse(write(tmp_path_factory, workbook_bytes(rows, header_first), ".xlsx"))


@given(part=st.binary(max_size=1024), member=st.sampled_from(["xl/workbook.xml", "xl/worksheets/sheet1.xml",
                                                              "xl/sharedStrings.xml", "xl/styles.xml"]))
@examples(2)
def test_the_ledger_reader_takes_any_part_of_a_workbook(tmp_path_factory, part, member):
    original = zipfile.ZipFile(io.BytesIO(workbook_bytes([["1", "窗口材料多"]], header_first=True)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in original.infolist():
            archive.writestr(info.filename, part if info.filename == member else original.read(info.filename))
    read_ledger_or_refuse(write(tmp_path_factory, buffer.getvalue(), ".xlsx"))


@pytest.mark.tool("soffice")
@given(tail=st.binary(max_size=1024), name=st.sampled_from(["台账.xls", "台账.et"]))
@examples(20)
def test_the_ledger_reader_takes_any_bytes_after_the_binary_signature(tmp_path_factory, tail, name):
    path = write(tmp_path_factory, SIGNATURES["doc"] + tail, Path(name).suffix)
    try:
        read_sheets(path, name=name)
    except UnreadableLedger:
        pass
