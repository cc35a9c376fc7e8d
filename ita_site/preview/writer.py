"""The writer of incremental rebuilds (incremental.py): the preview folder, updated in place.

It has the interface of write.Staging (path, write, copy, written, commit), but writes into the
output folder itself, skips a file whose bytes (or copied source) are unchanged since it last wrote
it, and on commit removes every file it wrote before that this build did not write again. Each file
is replaced with a rename, so a browser never reads half a page.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from pathlib import Path

from ita_site import guard


class PreviewWriter:
    def __init__(self, output: Path, tools: set[str] = frozenset(), marks=None):
        self.path = Path(output)
        self.tools = tools                     # top-level folders a tool updates itself (search bundle)
        self.marks = marks or (lambda source: None)   # source -> its key from the content walk, or None
        self.known: dict[str, object] = {}     # rel -> digest of what is on disk (or copy source)
        self.seen: set[str] = set()            # rel written (or kept) by the current build
        self.started = False
        self.changes = 0                       # files replaced or removed so far (serve: reload or not)
        self._listed: dict[str, tuple] = {}    # a tool's folder -> (its inode and times, its files)

    def start(self) -> None:
        if not self.started:                  # a folder left by an earlier run: start empty
            shutil.rmtree(self.path, ignore_errors=True)
            self.started = True
        self.path.mkdir(parents=True, exist_ok=True)
        if not (self.path / guard.MARKER).is_file():
            guard.mark(self.path)
        self._remove_untracked()
        self.seen = set()

    def _remove_untracked(self) -> None:
        """What a tool other than `tools` wrote last time: it writes it afresh, without stale files."""
        tracked = {rel.split("/", 1)[0] for rel in self.known} | self.tools
        for entry in os.scandir(self.path):
            if entry.name not in tracked and not entry.name.startswith("."):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)

    @property
    def written(self) -> int:
        return len(self.seen)

    def write(self, rel: str, data: bytes) -> bytes:
        digest = hashlib.blake2b(data, digest_size=16).digest()
        self.seen.add(guard.checked(rel))
        if self.known.get(rel) != digest:
            self._replace(rel, lambda tmp: tmp.write_bytes(data))
            self.known[rel] = digest
        return digest

    def write_chunks(self, rel: str, chunks) -> None:
        """Like write, for a file made piece by piece: written beside, kept only if its bytes changed."""
        target = self.path / guard.checked(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        digest = hashlib.blake2b(digest_size=16)
        with open(tmp, "wb") as stream:
            for chunk in chunks:
                digest.update(chunk)
                stream.write(chunk)
        self.seen.add(rel)
        if self.known.get(rel) == digest.digest():
            tmp.unlink()
            return
        os.replace(tmp, target)
        self.known[rel] = digest.digest()
        self.changes += 1

    def copy(self, rel: str, source: Path) -> None:
        walked = self.marks(source)            # a content file: this build's walk has just stat-ed it
        if walked is not None:
            mark = ("copy", str(source), walked)
        else:
            stat = source.stat()
            mark = ("copy", str(source), stat.st_size, stat.st_mtime_ns, stat.st_ino)
        self.seen.add(guard.checked(rel))
        if self.known.get(rel) != mark:
            self._replace(rel, lambda tmp: shutil.copyfile(source, tmp))
            self.known[rel] = mark

    def _replace(self, rel: str, fill) -> None:
        put_beside(self.path / rel, fill)
        self.changes += 1

    def record(self, rel: str, digest: bytes) -> None:
        """A page another process wrote through this writer (a render worker)."""
        if self.known.get(rel) != digest:
            self.changes += 1
        self.known[rel] = digest
        self.seen.add(rel)

    def keep(self, rel: str) -> None:
        """A page that is still right from an earlier build."""
        self.seen.add(rel)

    def remove(self, rel: str) -> None:
        self.known.pop(rel, None)
        self.seen.discard(rel)
        self.changes += 1
        target = self.path / rel
        try:
            target.unlink()
        except FileNotFoundError:
            return
        parent = target.parent
        while parent != self.path:
            try:
                parent.rmdir()                # only when empty
            except OSError:
                break
            parent = parent.parent

    def forget_pages(self) -> None:
        """Pages on disk may have been overwritten by someone else (error pages): write them again."""
        self.known = {rel: mark for rel, mark in self.known.items() if not rel.endswith(".html")}

    def all_files(self) -> set[str]:
        """Files of the current build: those written or kept, and any written by a tool (search)."""
        files = set(self.seen)
        tracked = {rel.split("/", 1)[0] for rel in files}
        listed = {}
        for entry in os.scandir(self.path):
            if entry.name not in tracked and not entry.name.startswith("."):
                if entry.is_dir():
                    files.update(self._tool_folder(entry, listed))
                elif entry.is_file():
                    files.add(entry.name)
        self._listed = listed
        return files

    def _tool_folder(self, entry, listed: dict) -> frozenset:
        """A tool's folder's files, listed again only when the folder is another one: a tool puts a new one
        in place with a rename (search.Background), so its inode and times say whether it is the same."""
        stat = entry.stat(follow_symlinks=False)
        mark = (stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns)
        known = self._listed.get(entry.name)
        if known is None or known[0] != mark:
            known = (mark, frozenset(_files_below(entry.path, entry.name)))
        listed[entry.name] = known
        return known[1]

    def commit(self, mtime: int | None = None) -> None:
        """Remove what an earlier build wrote and this one did not (mtime: ignored in a preview)."""
        for rel in [rel for rel in self.known if rel not in self.seen]:
            self.remove(rel)


def put_beside(target: Path, fill) -> None:
    """fill(tmp) a file beside `target`, then rename it into place, so a reader never sees half a file (the
    writer's files, and those serve's background threads make: pack PDFs, open data). A file half made when
    fill fails is removed; the error goes on."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        fill(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _files_below(folder: str, rel: str):
    """rel/... of every file below folder (os.scandir: a search index is thousands of files)."""
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            yield from _files_below(entry.path, f"{rel}/{entry.name}")
        elif entry.is_file(follow_symlinks=False):
            yield f"{rel}/{entry.name}"
