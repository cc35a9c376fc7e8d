"""Write stage: a complete new tree in a staging folder, swapped in at once.

The build writes into `<output>.staging-<pid>` beside output/ (same file system), and only when every
check has passed does it flush the tree to disk and exchange the two folders with one atomic rename
(Linux renameat2 RENAME_EXCHANGE; elsewhere two renames). A failed, killed or interrupted build
leaves output/ as it was; its staging folder is removed by the next build. A lock file beside
output/ makes a second build at the same time wait its turn. A read-only or full disk is an
OutputError with a message, never a half-written site. With the build cache, a file the last build
left in output/ with exactly the bytes this one would write is hard-linked into the staging folder
instead of written again (relink.py).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from ita_site import crash, guard
from ita_site.digest import sha256
from ita_site.publish import relink

RENAME_EXCHANGE = 2
WAITING = "มีการสร้างเว็บไซต์อีกชุดกำลังทำงาน กำลังรอ… (another build is running; waiting)"


class OutputError(Exception):
    """The output folder cannot be written (read-only, full disk, permissions, a file in the way)."""


@contextmanager
def build_lock(output: Path, say=print):
    """Hold `.<output>.lock` beside output/ for the whole write; a second build waits here."""
    lock_path = output.parent / f".{output.name}.lock"
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+")
    except OSError as exc:
        raise _output_error(exc, output) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(WAITING)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Staging:
    """A fresh folder to write the new site into; removed on exit (after a commit it holds the old site)."""

    def __init__(self, output: Path):
        self.output = output
        self.path = output.parent / f"{output.name}.staging-{os.getpid()}"
        self.written = 0
        self.previous: relink.Previous | None = None   # the last build's files that may be linked (relink.py)
        self.digests: dict[str, str] = {}              # rel -> digest, while a previous table is in use

    def __enter__(self) -> "Staging":
        if self.output.is_symlink() or (self.output.exists() and not self.output.is_dir()):
            raise OutputError(_message(self.output, "มีไฟล์หรือลิงก์ชื่อนี้อยู่แล้ว ซึ่งไม่ใช่โฟลเดอร์ผลลัพธ์",
                                       "a file or symlink is in the way of the output folder", _HINT_IN_THE_WAY))
        remove_stale(self.output)
        try:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            self.path.mkdir()
            guard.mark(self.path)            # the next build knows this tree as its own
        except OSError as exc:
            raise _output_error(exc, self.output) from None
        return self

    def __exit__(self, *exc_info) -> None:
        _remove(self.path)

    def reuse(self, previous: "relink.Previous") -> None:
        """Link the last build's files that this build would write byte for byte (relink.py)."""
        self.previous = previous

    def write(self, rel: str, data: bytes, digest: str | None = None) -> str | None:
        """Write rel; with a previous table, its digest (given: relink.digest_of(data)) is noted, and the
        last build's file is linked instead when it holds those bytes."""
        return self._place(rel, lambda target: target.write_bytes(data), lambda: digest or relink.digest_of(data))

    def note(self, rel: str, digest: str | None) -> None:
        """A file a render worker wrote through its copy of this staging folder (its digest came back)."""
        if self.previous is not None and digest:
            self.digests[rel] = digest

    def _place(self, rel: str, fill, digest_of) -> str | None:
        """_put(rel, fill); with a previous table, the last build's file is linked instead when it has the
        digest digest_of() gives, and the digest is noted either way."""
        if self.previous is None:
            self._put(rel, fill)
            return None
        digest = digest_of()
        if not self._linked(rel, digest):
            self._put(rel, fill)
        self.digests[rel] = digest
        return digest

    def _linked(self, rel: str, digest: str) -> bool:
        """The last build's output/rel linked into the staging folder, when it holds the bytes of `digest`."""
        crash.at(f"output/{rel}")
        if self.previous.link(rel, digest, self.path / guard.checked(rel)):
            self.written += 1
            return True
        return False

    def write_chunks(self, rel: str, chunks) -> None:
        """A large file (open data) written as it is made, never whole in memory. With a previous table, its
        digest is noted as it is written; chunks that know the digest of their bytes (opendata.Keyed) are not
        made at all when the last build's file holds those bytes: it is linked instead."""
        known = getattr(chunks, "digest", None)
        if self.previous is not None and known and self._linked(rel, known):
            self.digests[rel] = known
            chunks.linked()
            return
        h = relink.hasher() if self.previous is not None else None

        def fill(target: Path) -> None:
            with open(target, "wb") as stream:
                for chunk in chunks:
                    stream.write(chunk)
                    if h is not None:
                        h.update(chunk)
        self._put(rel, fill)
        if h is not None:
            self.digests[rel] = h.hexdigest()
            if hasattr(chunks, "made"):
                chunks.made(self.digests[rel])

    def copy(self, rel: str, source: Path) -> None:
        # the source's SHA-256 is read anyway: the ITAS sheet and the open data list it
        self._place(rel, lambda target: shutil.copyfile(source, target), lambda: "sha256:" + sha256(source))

    def kept(self) -> dict[str, list]:
        """After commit: the table of this build's noted files in output/, for the next build."""
        return relink.table(self.output, self.digests)

    def _put(self, rel: str, fill) -> None:
        """Make the file rel in the staging folder with fill(path); a full disk or the like is an OutputError.

        rel passes the path gate first (guard.checked): nothing is ever written outside the tree."""
        crash.at(f"output/{rel}")
        target = self.path / guard.checked(rel)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fill(target)
        except OSError as exc:
            raise _output_error(exc, self.output / rel) from None
        self.written += 1

    def commit(self, mtime: int | None = None) -> None:
        """Flush the staging tree to disk, then swap it in as output/ in one rename."""
        try:
            if mtime is not None:
                _set_mtimes(self.path, mtime)
            _flush(self.path)
            if self.output.exists():
                _exchange(self.path, self.output)
            else:
                os.rename(self.path, self.output)
            _fsync_dir(self.output.parent)
        except OSError as exc:
            raise _output_error(exc, self.output) from None


def remove_stale(output: Path) -> None:
    """Remove staging folders (and old trees) left by builds that were killed."""
    for pattern in (f"{output.name}.staging-*", f"{output.name}.old-*"):
        for stale in output.parent.glob(pattern):
            _remove(stale)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        try:
            path.unlink()
        except OSError:
            pass


def _libc():
    return ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


def _exchange(a: Path, b: Path) -> None:
    if sys.platform.startswith("linux"):
        renameat2 = getattr(_libc(), "renameat2", None)
        if renameat2 is not None:
            at_fdcwd = -100
            if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), RENAME_EXCHANGE) == 0:
                return
            err = ctypes.get_errno()
            if err not in (errno.EINVAL, errno.ENOSYS):
                raise OSError(err, os.strerror(err), str(b))
    old = b.parent / f"{b.name}.old-{os.getpid()}"
    os.rename(b, old)
    os.rename(a, b)
    os.rename(old, a)


def _flush(root: Path) -> None:
    """Put every written byte on disk before the rename makes it live (syncfs on Linux, else sync)."""
    fd = os.open(root, os.O_RDONLY)
    try:
        syncfs = getattr(_libc(), "syncfs", None) if sys.platform.startswith("linux") else None
        if syncfs is None or syncfs(fd) != 0:
            os.sync()
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _set_mtimes(root: Path, mtime: int) -> None:
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            os.utime(os.path.join(dirpath, name), (mtime, mtime))
        os.utime(dirpath, (mtime, mtime))


_HINT_FULL = "ลบไฟล์ที่ไม่ใช้เพื่อเพิ่มพื้นที่ แล้วสร้างใหม่ / free some disk space and build again"
_HINT_READ_ONLY = ("ตรวจสิทธิ์การเขียนโฟลเดอร์ หรือใช้ --output ชี้ไปยังโฟลเดอร์อื่น"
                   " / check write permission, or choose another folder with --output")
_HINT_IN_THE_WAY = ("ย้ายหรือลบไฟล์นั้น หรือใช้ --output ชี้ไปยังโฟลเดอร์อื่น"
                    " / move or delete that file, or choose another folder with --output")


def _output_error(exc: OSError, path: Path) -> OutputError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        th, en, hint = "พื้นที่ดิสก์เต็มหรือเกินโควตา", f"no space left on the disk ({exc.strerror})", _HINT_FULL
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        th, en, hint = "ไม่มีสิทธิ์เขียน หรือดิสก์เป็นแบบอ่านอย่างเดียว", f"output is read-only or not writable ({exc.strerror})", \
            _HINT_READ_ONLY
    elif exc.errno in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        th, en, hint = "มีไฟล์ขวางอยู่ในเส้นทางของโฟลเดอร์ผลลัพธ์", f"a file is in the way ({exc.strerror})", _HINT_IN_THE_WAY
    else:
        th, en, hint = "เขียนไฟล์ผลลัพธ์ไม่ได้", exc.strerror or str(exc), _HINT_READ_ONLY
    return OutputError(_message(path, th, en, hint))


def _message(path: Path, th: str, en: str, hint: str) -> str:
    return (f"{path}: {th} ({en}); ยังไม่ได้เปลี่ยน output/ เดิม (the previous output/ is unchanged)"
            f"\n    วิธีแก้ (hint): {hint}")
