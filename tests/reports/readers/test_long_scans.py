"""A scanned PDF is read page by page, each page under the reader's time limit, so a long scan is read whole."""
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from reports.readers import UnreadableDocument, read_document
from reports.readers.pdf import MAX_SCANNED_PAGES, TOO_MANY_SCANNED_PAGES
from reports.readers.tools import page_time_limit, run_tool, time_limit
from tests.documents import figures

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SC = 2  # index of the simplified Chinese face in the Noto CJK collection


def page_lines(number: int) -> list[str]:
    return [
        f"{number}月份主题教育工作小结",
        f"本月各支部开展集中学习{number + 3}场，走访群众{number * 11 + 7}户，",
        f"检视问题{number + 20}个，已整改{number + 2}个。",
    ]


def make_scan(path: Path, pages: int) -> Path:
    """A PDF of page images only, rendered from text at 150 dpi (A4), as a scanner produces."""
    font = ImageFont.truetype(FONT, 40, index=SC)
    images = []
    for number in range(1, pages + 1):
        image = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(image)
        for i, text in enumerate(page_lines(number)):
            draw.text((150, 200 + i * 80), text, font=font, fill=0)
        images.append(image)
    images[0].save(path, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return path


@pytest.mark.tool("pdftotext", "pdftoppm", "tesseract")
def test_a_twenty_page_scan_is_read_whole_under_a_limit_per_page(tmp_path):
    # Twenty pages take longer than 20 s together here; each page takes well under it.
    document = read_document(make_scan(tmp_path / "scan.pdf", 20), timeout=20)

    assert document.ocr is True
    # Every page read, in order; OCR may misread a character here and there, so figures by share.
    headings = [line for line in document.text.split("\n") if line.endswith("主题教育工作小结")]
    assert headings == [page_lines(number)[0] for number in range(1, 21)]
    expected = [f"{number * 11 + 7}" for number in range(1, 21)]
    assert sum(figure in figures(document.text) for figure in expected) >= 0.9 * len(expected)


@pytest.mark.tool("pdftotext")
def test_a_scan_of_too_many_pages_is_refused_before_any_ocr(tmp_path):
    path = tmp_path / "many.pdf"
    blank = [Image.new("L", (60, 80), 255) for _ in range(MAX_SCANNED_PAGES + 1)]
    blank[0].save(path, "PDF", resolution=10, save_all=True, append_images=blank[1:])

    with pytest.raises(UnreadableDocument) as caught:
        read_document(path)

    assert str(caught.value) == TOO_MANY_SCANNED_PAGES


def test_each_page_block_gets_the_whole_time_limit_again():
    # Two pages of 1.2 s each fit a 2 s limit per page, though not in 2 s together.
    with time_limit(2):
        for _ in range(2):
            with page_time_limit():
                assert run_tool(["sleep", "1.2"], timeout=60).returncode == 0


def test_without_page_blocks_the_time_limit_is_for_the_whole_file():
    with time_limit(2), pytest.raises(UnreadableDocument):
        for _ in range(2):
            run_tool(["sleep", "1.2"], timeout=60)
