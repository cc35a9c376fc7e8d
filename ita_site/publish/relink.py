"""Files of the last build that the next one links into its staging folder instead of writing them again.

A build writes a whole new tree and swaps it in (write.py), so a rebuild with nothing changed would
write every page and copy every attachment again: at 10,000 pages that is tens of thousands of files.
With the build cache (buildcache.py), the staging folder notes the digest of every file it writes
(write.Staging.digests). After the swap, `table` notes each of those files as it lies in output/: its
digest and its device, inode, size, modification and change times. The next build links output/<rel>
into its staging folder (a hard link: the same bytes, nothing copied) only when it would write exactly
those bytes (the same digest) and the file is still the very one the last build left: a regular file
with the same inode, size and times. Anything else (a file edited, replaced, touched or removed since,
a symlink, another file system, a table for another output folder) is simply written again.

Nothing of output/ changes: a link adds a name for the file inside the staging folder only (the file's
change time moves, so a refused build's next run writes it again). With SOURCE_DATE_EPOCH a file is
linked only when it already has that time, so setting the times of the new tree leaves the old one's
as they were.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from ita_site import guard


def digest_of(data: bytes) -> str:
    """The digest a staging folder notes for bytes it writes (the build cache names its blobs so too)."""
    h = hasher()
    h.update(data)
    return h.hexdigest()


def hasher():
    """digest_of, fed a chunk at a time (files written as they are made): .update(chunk), .hexdigest()."""
    return hashlib.blake2b(digest_size=20)


def _facts(st: os.stat_result) -> list[int]:
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def table(output: Path, digests: dict[str, str]) -> dict[str, list]:
    """rel -> [digest, device, inode, size, mtime, ctime] of every noted file, as it lies in output/ now."""
    found = {}
    for rel, digest in digests.items():
        try:
            st = os.lstat(output / rel)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            found[rel] = [digest, *_facts(st)]
    return found


class Previous:
    """The last build's table, for linking its files into a new staging folder."""

    def __init__(self, output: Path, files: dict, epoch: int | None):
        self.output, self.files = output, files if isinstance(files, dict) else {}
        self.mtime_ns = None if epoch is None else epoch * 1_000_000_000
        self.linked = 0

    def link(self, rel: str, digest: str, target: Path) -> bool:
        """Link output/rel to target when it holds exactly the bytes of `digest`; False: write them."""
        kept = self.files.get(rel)
        if not isinstance(kept, list) or len(kept) != 6 or kept[0] != digest:
            return False
        source = self.output / guard.checked(rel)
        try:
            st = os.lstat(source)
            if not stat.S_ISREG(st.st_mode) or _facts(st) != kept[1:]:
                return False
            if self.mtime_ns is not None and st.st_mtime_ns != self.mtime_ns:
                return False
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(source, target, follow_symlinks=False)
        except OSError:          # another file system, no hard links, a file in the way: written instead
            return False
        self.linked += 1
        return True
