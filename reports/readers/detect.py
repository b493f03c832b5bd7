"""Deciding a file's format from its bytes; the name only tells Word binaries from WPS ones."""
import mmap
from pathlib import Path

from .base import UnreadableDocument
from .safezip import ENCRYPTED, zip_members
from .txt import decode_text

SAMPLE_BYTES = 64 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names as they appear (UTF-16LE) in an OLE compound file's directory.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
# Password-protected .docx files are OLE containers holding the encrypted package.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

UNSUPPORTED = "不支持的文件类型，请上传 Word（docx/doc/wps）、PDF、文本或图片文件。"


def detect_format(path: Path) -> str:
    """Return the reader format ("txt", "docx", "doc", "wps", "pdf", "image") of a file by content.

    Zip archives pass the safety checks of ``safezip.zip_members`` here already. Word 97-2003
    and WPS files share one binary layout, so for those alone the ".wps" extension decides the
    label. Raises UnreadableDocument for empty, missing, encrypted or unsupported files.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            head = file.read(SAMPLE_BYTES)
    except OSError as exc:
        raise UnreadableDocument("无法打开文件，文件可能不存在。") from exc
    if size == 0:
        raise UnreadableDocument("文件为空。")
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        return "image"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        if "word/document.xml" in zip_members(path):
            return "docx"
        raise UnreadableDocument(UNSUPPORTED)
    if head.startswith(_OLE):
        return _ole_format(path)
    if head.startswith(b"{\\rtf"):
        return "doc"
    if head.startswith((b"MZ", b"\x7fELF")):
        raise UnreadableDocument("文件是可执行程序，不是文档，已拒绝读取。")
    try:
        decode_text(head, complete=size <= SAMPLE_BYTES)
    except UnreadableDocument:
        raise UnreadableDocument(UNSUPPORTED) from None
    return "txt"


def _ole_format(path: Path) -> str:
    # Looking for the stream names anywhere in the file is simpler than walking the OLE directory
    # sectors; a false match only sends a non-Word file to LibreOffice, which then fails cleanly.
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if data.find(_ENCRYPTED_STREAM) >= 0:
            raise UnreadableDocument(ENCRYPTED)
        if data.find(_WORD_STREAM) < 0:
            raise UnreadableDocument(UNSUPPORTED)
    return "wps" if path.suffix.lower() == ".wps" else "doc"
