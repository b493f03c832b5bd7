"""Images (PNG, JPEG) and scanned pages, read by Tesseract OCR."""
from dataclasses import dataclass
from pathlib import Path

from .base import Document, UnreadableDocument, document_from_blocks
from .layout import Word, page_blocks
from .tools import run_tool

OCR_LANGUAGE = "chi_sim"
OCR_TIMEOUT = 120
TESSERACT_MEMORY_MB = 1024
MAX_PIXELS = 40_000_000  # an A4 page at 600 dpi is 35 million


@dataclass(frozen=True)
class ImageReader:
    """A photo or scan of a report, read by OCR after a check of its pixel size."""

    def read(self, path: Path) -> Document:
        _check_size(path)
        return document_from_blocks(page_blocks(ocr_lines(path)), format="image", ocr=True)


def ocr_lines(image: Path) -> list[list[Word]]:
    """The lines of words, with their boxes, that Tesseract (simplified Chinese) finds on one image."""
    result = run_tool(
        ["tesseract", str(image), "stdout", "-l", OCR_LANGUAGE, "tsv"],
        timeout=OCR_TIMEOUT,
        memory_mb=TESSERACT_MEMORY_MB,
        # One thread per OCR: parallelism comes from running several workers.
        env={"OMP_THREAD_LIMIT": "1"},
    )
    if result.returncode != 0:
        raise UnreadableDocument("图片无法识别，文件可能已损坏。")
    return _tsv_lines(result.stdout.decode("utf-8", "replace"))


def _tsv_lines(tsv: str) -> list[list[Word]]:
    # Columns: level page block paragraph line word left top width height confidence text;
    # level 5 rows are words.
    lines: dict[tuple[str, ...], list[Word]] = {}
    for record in tsv.splitlines()[1:]:
        fields = record.split("\t")
        if len(fields) != 12 or fields[0] != "5" or not fields[11].strip():
            continue
        left, top, width, height = map(int, fields[6:10])
        lines.setdefault(tuple(fields[1:5]), []).append(
            Word(left=left, top=top, right=left + width, bottom=top + height, text=fields[11].strip())
        )
    return list(lines.values())


def _check_size(path: Path) -> None:
    # Pillow reads only the header here; a huge declared size would exhaust Tesseract's memory.
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        width = height = MAX_PIXELS
    except (UnidentifiedImageError, OSError) as exc:
        raise UnreadableDocument("图片文件已损坏或格式不受支持。") from exc
    if width * height > MAX_PIXELS:
        raise UnreadableDocument("图片尺寸过大（超过 4000 万像素），无法识别。")
