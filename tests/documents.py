"""Builders of real test files, friendly and hostile, for reader tests and benchmarks.

Every builder writes ``path`` and returns it. Word binaries and PDFs are made by LibreOffice from a
.docx written with python-docx, scans by rendering such a PDF with poppler's pdftoppm; those
builders need soffice and poppler-utils installed and fail loudly without them.
"""
import random
import re
import shutil
import struct
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import docx
from PIL import Image
from pypdf import PdfReader, PdfWriter

from reports.readers.office import libreoffice_convert

Rows = Sequence[Sequence[str]]

# A short progress report in the genre, with figures in prose and in a table.
REPORT_PARAGRAPHS = (
    "关于主题教育近期进展情况的报告",
    "一、学习教育扎实开展",
    "县委理论学习中心组开展集中学习8次，举办读书班12期，参训党员干部860人次。",
    "二、调查研究走深走实",
    "县级领导干部领题调研23个，形成调研报告19篇，梳理发现问题64个。",
    "三、检视整改同步推进",
    "全县共检视问题17个，已整改销号11个，整改完成率64.7%。",
    "为群众办实事38件，落实帮扶资金1250万元。",
)
# The table sits before the last paragraph.
REPORT_TABLES: Mapping[int, Rows] = {7: (("项目", "数量"), ("检视问题", "17"), ("整改销号", "11"))}
REPORT_TEXT = "\n".join(
    [*REPORT_PARAGRAPHS[:7], "项目\t数量", "检视问题\t17", "整改销号\t11", REPORT_PARAGRAPHS[7]]
)


def figures(text: str) -> list[str]:
    """The digit strings of a text ("64.7" counts as one), in order."""
    return re.findall(r"\d+(?:\.\d+)?", text)


def long_report(pages: int) -> tuple[list[str], dict[int, Rows]]:
    """Paragraphs and tables filling about ``pages`` A4 pages, with varied figures."""
    paragraphs: list[str] = []
    tables: dict[int, Rows] = {}
    for week in range(1, pages * 17 // 4 + 1):
        paragraphs.append(f"（{week}）第{week}周工作进展")
        paragraphs.append(
            f"本周各乡镇组织专题学习{week % 9 + 2}场，参加党员{week * 13 + 40}人次；"
            f"新确定调研课题{week % 5 + 1}个，走访群众{week * 7 + 15}户，收集意见建议{week % 11 + 6}条。"
            f"围绕群众反映集中的道路、供水和就医问题，县直部门逐项明确责任单位和完成时限，"
            f"已办结{week % 8 + 3}件，其余事项正在推进。"
        )
        # Tables sit between paragraphs: a document ending in a table does not survive LibreOffice's
        # .doc export intact.
        tables[len(paragraphs)] = (("项目", "本周", "累计"), ("检视问题", str(week % 6 + 4), str(week * 5)))
        paragraphs.append(
            f"本周新增检视问题{week % 6 + 4}个，整改销号{week % 4 + 2}个，"
            f"累计投入整改资金{week * 3 + 20}万元。各责任单位对照问题清单建立台账，"
            f"每周调度一次进度，对逾期未完成的事项进行提醒和督办。"
        )
    return paragraphs, tables


# --- friendly files -------------------------------------------------------------------------


def make_txt(text: str, path: Path, encoding: str = "utf-8") -> Path:
    """``encoding`` as Python names it: "gbk", "gb18030", "utf-8-sig" (with BOM), "utf-16" (with BOM)."""
    path.write_bytes(text.encode(encoding))
    return path


def make_docx(paragraphs: Sequence[str], tables: Mapping[int, Rows], path: Path) -> Path:
    """``tables`` maps a position to rows: the table goes before ``paragraphs[position]``
    (``len(paragraphs)`` puts it at the end)."""
    document = docx.Document()
    for position in range(len(paragraphs) + 1):
        if position in tables:
            rows = tables[position]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for row, values in zip(table.rows, rows):
                for cell, value in zip(row.cells, values):
                    cell.text = value
        if position < len(paragraphs):
            document.add_paragraph(paragraphs[position])
    document.save(path)
    return path


def make_doc(paragraphs: Sequence[str], tables: Mapping[int, Rows], path: Path) -> Path:
    """A Word 97-2003 binary document."""
    return _convert(paragraphs, tables, "doc", path)


def make_wps(paragraphs: Sequence[str], tables: Mapping[int, Rows], path: Path) -> Path:
    """A .wps file as current WPS Office writes it, in the Word 97-2003 binary layout.

    LibreOffice cannot write Kingsoft's older native format, so that variant is not covered.
    """
    return _convert(paragraphs, tables, "doc", path)


def make_rtf(paragraphs: Sequence[str], tables: Mapping[int, Rows], path: Path) -> Path:
    """Rich Text Format, which some offices save under a .doc name."""
    return _convert(paragraphs, tables, "rtf", path)


def make_text_pdf(paragraphs: Sequence[str], tables: Mapping[int, Rows], path: Path) -> Path:
    return _convert(paragraphs, tables, "pdf", path)


def make_scanned_pdf(paragraphs: Sequence[str], tables: Mapping[int, Rows], path: Path, dpi: int = 300) -> Path:
    """A PDF of page images only (no text layer), as a scanner produces."""
    with tempfile.TemporaryDirectory() as workdir:
        pdf = make_text_pdf(paragraphs, tables, Path(workdir) / "source.pdf")
        _run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), f"{workdir}/page"])
        pages = [Image.open(page) for page in sorted(Path(workdir).glob("page-*.png"))]
        pages[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return path


def make_png(paragraphs: Sequence[str], tables: Mapping[int, Rows], path: Path, dpi: int = 300) -> Path:
    """The first page of the document as a PNG image."""
    with tempfile.TemporaryDirectory() as workdir:
        pdf = make_text_pdf(paragraphs, tables, Path(workdir) / "source.pdf")
        _run(["pdftoppm", "-r", str(dpi), "-singlefile", "-gray", "-png", str(pdf), f"{workdir}/page"])
        shutil.move(f"{workdir}/page.png", path)
    return path


def make_docx_xml(document_xml: str | bytes, path: Path) -> Path:
    """A minimal .docx whose word/document.xml is exactly ``document_xml``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document_xml)
    return path


WORD_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def word_xml(body: str, prolog: str = "") -> str:
    """A word/document.xml around ``body`` (WordprocessingML with the ``w`` prefix)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{WORD_NAMESPACE}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<w:body>{body}</w:body></w:document>"
    )


# --- hostile files --------------------------------------------------------------------------


def make_exe(path: Path) -> Path:
    """The start of a Windows executable (what a renamed .exe looks like)."""
    header = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + bytes(43) + b"\x80\x00\x00\x00"
    path.write_bytes(header + bytes(64) + b"This program cannot be run in DOS mode.\r\r\n$" + bytes(400))
    return path


def make_truncated_docx(path: Path) -> Path:
    """A real .docx cut in half, as an interrupted upload leaves it."""
    make_docx(REPORT_PARAGRAPHS, {}, path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def make_encrypted_pdf(paragraphs: Sequence[str], tables: Mapping[int, Rows], path: Path, password: str) -> Path:
    make_text_pdf(paragraphs, tables, path)
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    with path.open("wb") as file:
        writer.write(file)
    return path


def make_self_referencing_pdf(path: Path) -> Path:
    """A PDF whose cross-reference table points at itself: its /Prev is its own offset, its entries
    point into the table, and the page tree lists itself as its own kid."""
    objects = [
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        b"2 0 obj\n<< /Type /Pages /Kids [2 0 R] /Count 1 >>\nendobj\n",
    ]
    body = b"%PDF-1.4\n" + b"".join(objects)
    xref_at = len(body)
    entries = b"0000000000 65535 f \n" + f"{xref_at:010d} 00000 n \n".encode() * 2
    trailer = f"trailer\n<< /Size 3 /Root 1 0 R /Prev {xref_at} >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    path.write_bytes(body + b"xref\n0 3\n" + entries + trailer)
    return path


def make_zip_bomb_docx(path: Path, inflated_bytes: int = 2 * 1024**3 - 1) -> Path:
    """A .docx of a few MB whose document.xml inflates to ``inflated_bytes`` (2 GiB by default)."""
    chunk = b"<w:p/>" * (1024 * 1024 // 6)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with archive.open("word/document.xml", "w") as member:
            written = 0
            while written < inflated_bytes:
                piece = chunk[: inflated_bytes - written]
                member.write(piece)
                written += len(piece)
    return path


def make_lying_size_docx(path: Path, declared_size: int = 0xFFFFFFF0) -> Path:
    """A small valid .docx whose central directory claims document.xml inflates to ~4 GB."""
    make_docx(REPORT_PARAGRAPHS, {}, path)
    data = bytearray(path.read_bytes())
    _, _, _, _, entries, _, at, _ = struct.unpack_from("<4s4H2LH", data, data.rindex(b"PK\x05\x06"))
    for _ in range(entries):
        name_len, extra_len, comment_len = struct.unpack_from("<3H", data, at + 28)
        if data[at + 46 : at + 46 + name_len] == b"word/document.xml":
            struct.pack_into("<L", data, at + 24, declared_size)
        at += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))
    return path


def make_overlapping_zip_docx(path: Path, members: int = 200) -> Path:
    """The "better zip bomb": one compressed kernel shared by many central-directory entries, so
    that every entry's data overlaps the others'. The kernel here is incompressible and the
    total stays under the size limit, so only the overlap check can catch it."""
    kernel = random.Random(7).randbytes(1024 * 1024)
    crc = zlib.crc32(kernel)
    name = b"word/document.xml"
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, crc, len(kernel), len(kernel), len(name), 0)
    archive = local + name + kernel
    directory = b""
    for index in range(members):
        entry_name = name if index == 0 else f"word/media/part{index}.xml".encode()
        directory += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, crc, len(kernel), len(kernel),
            len(entry_name), 0, 0, 0, 0, 0, 0,
        ) + entry_name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, members, members, len(directory), len(archive), 0)
    path.write_bytes(archive + directory + end)
    return path


def make_billion_laughs_docx(path: Path) -> Path:
    """document.xml declares nested entities that would expand to ~3 GB of text."""
    levels = ['<!ENTITY lol0 "lollollollollollollollollollol">']
    levels += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 9)]
    prolog = f"<!DOCTYPE w:document [{''.join(levels)}]>"
    return make_docx_xml(word_xml("<w:p><w:r><w:t>&lol8;</w:t></w:r></w:p>", prolog), path)


def make_external_entity_docx(path: Path, target: str = "file:///etc/passwd") -> Path:
    """document.xml pulls ``target`` in through an external entity."""
    prolog = f'<!DOCTYPE w:document [<!ENTITY secret SYSTEM "{target}">]>'
    return make_docx_xml(word_xml("<w:p><w:r><w:t>&secret;</w:t></w:r></w:p>", prolog), path)


def make_huge_png(path: Path, side: int = 100_000) -> Path:
    """A PNG whose header declares ``side`` x ``side`` pixels (10 gigapixels by default)."""
    header = struct.pack(">2L5B", side, side, 8, 0, 0, 0, 0)
    chunk = struct.pack(">L", len(header)) + b"IHDR" + header + struct.pack(">L", zlib.crc32(b"IHDR" + header))
    idat = zlib.compress(bytes(1024))
    data = chunk + struct.pack(">L", len(idat)) + b"IDAT" + idat + struct.pack(">L", zlib.crc32(b"IDAT" + idat))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + data + b"\x00\x00\x00\x00IEND\xaeB`\x82")
    return path


def make_garbage_doc(path: Path) -> Path:
    """An OLE compound-file header with a WordDocument stream name, then random bytes."""
    noise = random.Random(20230401)
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + noise.randbytes(504) + "WordDocument".encode("utf-16-le")
    path.write_bytes(data + noise.randbytes(20000))
    return path


def make_hanging_soffice(path: Path, pids: Path) -> Path:
    """A stand-in for soffice that records its pid and its child's pid in ``pids``, then hangs."""
    path.write_text(f'#!/bin/sh\nsleep 100000 &\necho "$$ $!" > {pids}\nwait\n')
    path.chmod(0o755)
    return path


# --- helpers --------------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)


def _convert(paragraphs: Sequence[str], tables: Mapping[int, Rows], target_format: str, path: Path) -> Path:
    with tempfile.TemporaryDirectory() as workdir:
        source = make_docx(paragraphs, tables, Path(workdir) / "source.docx")
        converted = libreoffice_convert(source, target_format, Path(workdir), timeout=120)
        shutil.move(converted, path)
    return path


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=120)
