"""Plain text files in UTF-8 (with or without BOM), GB18030/GBK or UTF-16."""
import codecs
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .base import UPLOAD_MAX_BYTES, Block, Document, UnreadableDocument, document_from_blocks

# BOMs first; UTF-32 before UTF-16 because the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# What Chinese prose decodes to: ASCII, common ideographs, CJK and general punctuation, full-width
# forms. Non-GBK bytes forced through GB18030 land mostly elsewhere (rare extensions, hangul, ...).
_USUAL = re.compile(r"[\x20-\x7e\u00b7\u00d7\u00b0\u2000-\u206f\u2460-\u24ff\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_USUAL_SHARE = 0.9

UNKNOWN_ENCODING = "无法识别文本文件的编码，请另存为 UTF-8 编码后重新上传。"


def decode_text(data: bytes, *, complete: bool = True) -> str:
    """Decode text bytes, trying in order: BOM, strict UTF-8, GB18030, charset-normalizer.

    GB18030 comes before charset-normalizer because the latter misreads short GBK Chinese.
    A candidate is kept only if it has no control characters (and, for GB18030, looks like
    Chinese). With ``complete=False`` the data may stop in the middle of a character (a sample
    of a longer file). Raises UnreadableDocument when nothing fits.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _decode(data, codec, complete)
            if text is None or _CONTROL.search(text):
                raise UnreadableDocument(UNKNOWN_ENCODING)
            return text
    for codec in ("utf-8", "gb18030"):
        text = _decode(data, codec, complete)
        if text is not None and not _CONTROL.search(text) and (codec == "utf-8" or _looks_chinese(text)):
            return text
    # Imported here: it is the slow last resort and costs ~50 ms of start-up for every other format.
    import charset_normalizer

    match = charset_normalizer.from_bytes(data).best()
    if match is None or _CONTROL.search(text := str(match)):
        raise UnreadableDocument(UNKNOWN_ENCODING)
    return text


def _decode(data: bytes, codec: str, complete: bool) -> str | None:
    try:
        return codecs.getincrementaldecoder(codec)().decode(data, final=complete)
    except UnicodeDecodeError:
        return None


def _looks_chinese(text: str) -> bool:
    visible = "".join(text.split())
    unusual = len(_USUAL.sub("", visible))  # sub rather than findall: no object per character
    return unusual <= (1 - _USUAL_SHARE) * len(visible)


@dataclass(frozen=True)
class TxtReader:
    """Each non-blank line is a paragraph, except that consecutive lines with tabs between words
    form a table (text pasted from a spreadsheet, or saved from a Document)."""

    def read(self, path: Path) -> Document:
        if path.stat().st_size > UPLOAD_MAX_BYTES:
            raise UnreadableDocument(f"文本文件过大（超过 {UPLOAD_MAX_BYTES // 2**20} MB），无法读取。")
        return document_from_blocks(_blocks(decode_text(path.read_bytes()).splitlines()), format="txt")


def _blocks(lines: list[str]) -> Iterator[Block]:
    for tabbed, group in itertools.groupby(lines, key=lambda line: "\t" in line.strip()):
        if tabbed:
            yield tuple(tuple(line.strip().split("\t")) for line in group)
        else:
            yield from group
