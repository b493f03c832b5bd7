"""Zip archive checks that run before any parser opens an uploaded archive.

Python 3.11.7's zipfile trusts the central directory: it accepts entries that overlap (the
"better zip bomb" that reuses one compressed kernel for thousands of members) and declared sizes
of gigabytes. So the central directory is read here by hand, with every size bounded first.
"""
import struct
from pathlib import Path
from typing import BinaryIO

from .base import UnreadableDocument

MAX_ENTRIES = 5000
MAX_TOTAL_SIZE = 512 * 1024 * 1024  # declared inflated bytes, all members together
MAX_RATIO = 200  # deflate reaches ~1000:1 on bombs; real Office XML stays well under 100:1
RATIO_FLOOR = 1024 * 1024  # small members may compress better than MAX_RATIO harmlessly

_EOCD = struct.Struct("<4s4H2LH")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_LOCAL = struct.Struct("<4s5H3L2H")
_MAX_COMMENT = 0xFFFF

CORRUPT = "文件已损坏（压缩包结构错误），无法读取。"
BOMB = "文件解压后体积异常（疑似压缩炸弹），已拒绝读取。"
ENCRYPTED = "文件已加密，无法读取，请去除密码后重新上传。"


def zip_members(path: Path) -> list[str]:
    """Return the member names of a zip archive after checking it is safe to inflate.

    Checks, without inflating anything: entry count, total declared size, per-member compression
    ratio, stored sizes, encryption, duplicate names, and that no member's local header and data
    overlap another member or the central directory. Raises UnreadableDocument otherwise.
    """
    with path.open("rb") as file:
        size = file.seek(0, 2)
        tail_start = max(0, size - _EOCD.size - _MAX_COMMENT)
        file.seek(tail_start)
        tail = file.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or at + _EOCD.size > len(tail):
            raise UnreadableDocument(CORRUPT)
        _, disk, cd_disk, disk_entries, entries, cd_size, cd_offset, _ = _EOCD.unpack_from(tail, at)
        if 0xFFFF in (disk_entries, entries) or 0xFFFFFFFF in (cd_size, cd_offset):
            raise UnreadableDocument("不支持超大（ZIP64）压缩格式的文件。")
        if disk or cd_disk or disk_entries != entries:
            raise UnreadableDocument("不支持分卷压缩的文件。")
        if entries > MAX_ENTRIES:
            raise UnreadableDocument(BOMB)
        if cd_offset + cd_size > tail_start + at:
            raise UnreadableDocument(CORRUPT)
        file.seek(cd_offset)
        directory = file.read(cd_size)
        members = _read_directory(directory, entries)
        _check_local_headers(file, members, cd_offset)
    return [name for name, *_ in members]


def _read_directory(directory: bytes, entries: int) -> list[tuple[str, int, int]]:
    """(name, local header offset, compressed size) per member, after the size checks."""
    members = []
    names = set()
    total = 0
    at = 0
    for _ in range(entries):
        if at + _CENTRAL.size > len(directory):
            raise UnreadableDocument(CORRUPT)
        fields = _CENTRAL.unpack_from(directory, at)
        signature, _, _, flags, method, _, _, _, packed, unpacked, name_len, extra_len, comment_len = fields[:13]
        offset = fields[-1]
        if signature != b"PK\x01\x02":
            raise UnreadableDocument(CORRUPT)
        raw_name = directory[at + _CENTRAL.size : at + _CENTRAL.size + name_len]
        at += _CENTRAL.size + name_len + extra_len + comment_len
        if at > len(directory):
            raise UnreadableDocument(CORRUPT)
        if 0xFFFFFFFF in (packed, unpacked, offset):
            raise UnreadableDocument("不支持超大（ZIP64）压缩格式的文件。")
        if flags & 0x1:
            raise UnreadableDocument(ENCRYPTED)
        if method not in (0, 8) or (method == 0 and packed != unpacked):
            raise UnreadableDocument(CORRUPT)
        total += unpacked
        if total > MAX_TOTAL_SIZE or (unpacked > RATIO_FLOOR and unpacked > packed * MAX_RATIO):
            raise UnreadableDocument(BOMB)
        name = raw_name.decode("utf-8" if flags & 0x800 else "cp437")
        if name in names:
            raise UnreadableDocument(CORRUPT)
        names.add(name)
        members.append((name, offset, packed))
    return members


def _check_local_headers(file: BinaryIO, members: list[tuple[str, int, int]], cd_offset: int) -> None:
    # Each member's bytes run from its local header to the end of its data; sorted by offset,
    # each must end before the next begins and before the central directory.
    previous_end = 0
    for _, offset, packed in sorted(members, key=lambda member: member[1]):
        if offset < previous_end:
            raise UnreadableDocument(BOMB)
        file.seek(offset)
        header = file.read(_LOCAL.size)
        if len(header) < _LOCAL.size:
            raise UnreadableDocument(CORRUPT)
        fields = _LOCAL.unpack(header)
        if fields[0] != b"PK\x03\x04":
            raise UnreadableDocument(CORRUPT)
        name_len, extra_len = fields[-2:]
        previous_end = offset + _LOCAL.size + name_len + extra_len + packed
        if previous_end > cd_offset:
            raise UnreadableDocument(BOMB)
