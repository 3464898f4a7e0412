"""The journal's file format: a header, then length-prefixed, checksummed msgpack frames.

``SAJ1`` then, per frame, 4 bytes of payload length and 4 bytes of CRC-32 (both big-endian)
and the msgpack of an :class:`agent.journal.events.Entry`. A frame is written whole or, when the
process dies mid-write, torn at the end of the file: the reader drops a torn last frame (too
short, or a checksum that does not match) and says how many bytes it dropped. Nothing before
it is lost, and the next append starts after the last whole frame.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from agent.journal.events import Entry

MAGIC = b"SAJ1"
HEADER = struct.Struct(">II")
"""Payload length and CRC-32 of one frame."""

_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(Entry)


class JournalError(Exception):
    """The file is not a journal (no header): nothing in it can be trusted."""


def frame(entry: Entry) -> bytes:
    """Return ``entry`` as one frame."""
    payload = _encoder.encode(entry)
    return HEADER.pack(len(payload), zlib.crc32(payload)) + payload


@dataclass
class Scan:
    """What reading a journal found besides its entries."""

    frames: int = 0
    good_bytes: int = 0
    """Where the whole frames end: the next append goes here."""
    torn_bytes: int = 0
    """Bytes after the last whole frame (a torn write), dropped."""
    unknown: list[int] = field(default_factory=list)
    """Positions (1-based) of whole frames whose kind this version does not know (skipped)."""


def read_entries(path: Path, scan: Scan | None = None) -> Iterator[Entry]:
    """Yield the entries of the journal at ``path`` in order; fill ``scan`` on the way."""
    scan = scan if scan is not None else Scan()
    data = path.read_bytes()
    if not data.startswith(MAGIC):
        if not data:
            return
        raise JournalError(f"{path} is not a StockAgent journal")
    offset = len(MAGIC)
    scan.good_bytes = offset
    while offset < len(data):
        if len(data) - offset < HEADER.size:
            break
        length, crc = HEADER.unpack_from(data, offset)
        start, end = offset + HEADER.size, offset + HEADER.size + length
        if end > len(data) or zlib.crc32(data[start:end]) != crc:
            break
        offset = end
        scan.frames += 1
        scan.good_bytes = offset
        try:
            yield _decoder.decode(data[start:end])
        except msgspec.DecodeError:  # a kind this version does not know (or cannot read)
            scan.unknown.append(scan.frames)
    scan.torn_bytes = len(data) - scan.good_bytes


def last_entry(path: Path, scan: Scan) -> Entry | None:
    """Return the journal's last whole entry, walking frame headers only (a restart mid-day
    must not decode the whole day); fill ``scan`` (``unknown`` stays empty)."""
    data = path.read_bytes()
    if not data.startswith(MAGIC):
        if not data:
            return None
        raise JournalError(f"{path} is not a StockAgent journal")
    offset = scan.good_bytes = len(MAGIC)
    last: tuple[int, int] | None = None
    while len(data) - offset >= HEADER.size:
        length, crc = HEADER.unpack_from(data, offset)
        start, end = offset + HEADER.size, offset + HEADER.size + length
        if end > len(data) or zlib.crc32(data[start:end]) != crc:
            break
        last, offset = (start, end), end
        scan.frames += 1
        scan.good_bytes = offset
    scan.torn_bytes = len(data) - scan.good_bytes
    if last is None:
        return None
    try:
        return _decoder.decode(data[last[0] : last[1]])
    except msgspec.DecodeError:
        return None
