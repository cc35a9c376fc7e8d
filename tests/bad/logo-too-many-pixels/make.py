"""A small PNG whose header claims 5000x4000 pixels (a decompression bomb): refused before decoding."""
import struct
import zlib
from pathlib import Path


def _chunk(name: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + name + data + struct.pack(">I", zlib.crc32(name + data))


def make(project: Path) -> None:
    header = struct.pack(">IIBBBBB", 5000, 4000, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 5001 * 16)
    (project / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows)
                                       + _chunk(b"IEND", b""))
