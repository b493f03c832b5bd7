import struct
import warnings
import zipfile

import pytest

from reports.readers import UnreadableDocument
from reports.readers.safezip import BOMB, CORRUPT, ENCRYPTED, MAX_ENTRIES, zip_members
from tests.documents import (
    REPORT_PARAGRAPHS,
    make_docx,
    make_lying_size_docx,
    make_overlapping_zip_docx,
    make_truncated_docx,
)


def refusal(path) -> str:
    with pytest.raises(UnreadableDocument) as caught:
        zip_members(path)
    return str(caught.value)


def test_a_real_docx_passes_and_lists_its_members(tmp_path):
    names = zip_members(make_docx(REPORT_PARAGRAPHS, {}, tmp_path / "a.docx"))

    assert "word/document.xml" in names
    assert "[Content_Types].xml" in names


def test_too_many_entries(tmp_path):
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for index in range(MAX_ENTRIES + 1):
            archive.writestr(f"part{index}.xml", b"")

    assert refusal(path) == BOMB


def test_a_declared_size_of_gigabytes(tmp_path):
    assert refusal(make_lying_size_docx(tmp_path / "lying.docx")) == BOMB


def test_a_compression_ratio_no_office_file_reaches(tmp_path):
    path = tmp_path / "ratio.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", bytes(8 * 1024 * 1024))  # 8 MB of zeros: ~1000:1

    assert refusal(path) == BOMB


def test_members_whose_data_overlap(tmp_path):
    assert refusal(make_overlapping_zip_docx(tmp_path / "overlap.docx")) == BOMB


def test_an_encrypted_member(tmp_path):
    path = make_docx(REPORT_PARAGRAPHS, {}, tmp_path / "enc.docx")
    data = bytearray(path.read_bytes())
    first_entry = struct.unpack_from("<L", data, data.rindex(b"PK\x05\x06") + 16)[0]
    data[first_entry + 8] |= 0x1  # general purpose flag bit 0: encrypted
    path.write_bytes(bytes(data))

    assert refusal(path) == ENCRYPTED


def test_a_name_listed_twice(tmp_path):
    path = tmp_path / "dup.docx"
    with zipfile.ZipFile(path, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it is asked to write
        archive.writestr("word/document.xml", "<a/>")
        archive.writestr("word/document.xml", "<b/>")

    assert refusal(path) == CORRUPT


def test_a_truncated_archive(tmp_path):
    assert refusal(make_truncated_docx(tmp_path / "cut.docx")) == CORRUPT
