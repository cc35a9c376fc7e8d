"""Write stage: a complete new tree in a staging folder, swapped in at once.

The build writes into `<output>.staging-<pid>` beside output/ (same file system), and only when every
check has passed does it exchange the two folders with one atomic rename (Linux renameat2
RENAME_EXCHANGE; elsewhere two renames). A failed, killed or interrupted build leaves output/ as it
was. A lock file makes a second build at the same time wait its turn.
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

RENAME_EXCHANGE = 2


class OutputError(Exception):
    """The output folder cannot be written (read-only, full disk, permissions)."""


@contextmanager
def build_lock(output: Path, say=print):
    lock_path = output.parent / f".{output.name}.lock"
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+")
    except OSError as exc:
        raise OutputError(f"สร้างไฟล์ล็อก {lock_path} ไม่ได้ ({exc.strerror}) / cannot create lock file") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say("มีการสร้างเว็บไซต์อีกชุดกำลังทำงาน กำลังรอ… (another build is running; waiting)")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Staging:
    """A fresh folder to write the new site into."""

    def __init__(self, output: Path):
        self.output = output
        self.path = output.parent / f"{output.name}.staging-{os.getpid()}"
        self.written = 0

    def __enter__(self) -> "Staging":
        remove_stale(self.output)
        try:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            self.path.mkdir()
        except OSError as exc:
            raise _output_error(exc, self.path) from None
        return self

    def __exit__(self, *exc_info) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def write(self, rel: str, data: bytes) -> None:
        target = self.path / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        except OSError as exc:
            raise _output_error(exc, target) from None
        self.written += 1

    def copy(self, rel: str, source: Path) -> None:
        target = self.path / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        except OSError as exc:
            raise _output_error(exc, target) from None
        self.written += 1

    def commit(self, mtime: int | None = None) -> None:
        """Swap the staging tree in as output/; the old tree is removed afterwards."""
        if mtime is not None:
            _set_mtimes(self.path, mtime)
        try:
            _fsync_tree(self.path)
            if self.output.exists():
                _exchange(self.path, self.output)
            else:
                os.rename(self.path, self.output)
        except OSError as exc:
            raise _output_error(exc, self.output) from None


def remove_stale(output: Path) -> None:
    """Remove staging folders left by builds that were killed."""
    for stale in output.parent.glob(f"{output.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _exchange(a: Path, b: Path) -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = getattr(libc, "renameat2", None)
        if renameat2 is not None:
            at_fdcwd = -100
            result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), RENAME_EXCHANGE)
            if result == 0:
                return
            err = ctypes.get_errno()
            if err not in (errno.EINVAL, errno.ENOSYS):
                raise OSError(err, os.strerror(err), str(b))
    old = b.parent / f"{b.name}.old-{os.getpid()}"
    os.rename(b, old)
    os.rename(a, b)
    os.rename(old, a)


def _fsync_tree(root: Path) -> None:
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _set_mtimes(root: Path, mtime: int) -> None:
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            os.utime(os.path.join(dirpath, name), (mtime, mtime))
        os.utime(dirpath, (mtime, mtime))


def _output_error(exc: OSError, path: Path) -> OutputError:
    if exc.errno == errno.ENOSPC:
        th, en = "พื้นที่ดิสก์เต็ม", "no space left on device"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        th, en = "ไม่มีสิทธิ์เขียน หรือดิสก์เป็นแบบอ่านอย่างเดียว", "output is read-only or not writable"
    else:
        th, en = "เขียนไฟล์ผลลัพธ์ไม่ได้", exc.strerror or str(exc)
    return OutputError(f"{path}: {th} ({en}); output/ เดิมไม่ถูกแตะต้อง (the previous output/ is unchanged)")
