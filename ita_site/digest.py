"""SHA-256 of published files, so an agency can prove which file it published, and when.

Read once per file per process (keyed by path, size and modification time), in 1 MiB blocks.
Used by urls.json, data/items.json, the ITAS sheet and the assessor's pack.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

BLOCK = 1 << 20


def sha256(path: Path) -> str:
    stat = Path(path).stat()
    return _sha256(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=65536)
def _sha256(path: str, _size: int, _mtime: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def of(attachment) -> str:
    """The hex SHA-256 of an attachment's source file (model.Attachment), kept with the attachment: it is
    immutable, made once per build, and `ita-site serve` keeps one only while its file's size, times and
    inode are the same (preview/attachmemo.py)."""
    known = attachment.__dict__.get("_sha256")
    if known is None:
        known = sha256(attachment.source)
        object.__setattr__(attachment, "_sha256", known)
    return known
