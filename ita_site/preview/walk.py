"""`ita-site serve`: when the walk of content/ can be skipped.

Every build walks content/ (content/load.py: every folder listed, every name checked for invisible
characters, case twins, folders named like files, symlinks leading out) and takes each file's key (size,
times, inode). On a site of thousands of files that is a tenth of a second or more per edit, for the
commonest edit of all: a save of one document. serve's watcher (serve._Watcher) reports each change as
(event type, path). When every change under content/ since the last rebuild is a file modified or closed
after writing, at a path the last walk found, the set of files and every name check are as they were:
the last walk stands, and only those files' keys are taken again. Anything else (a file created, removed
or renamed, an editor's save through a temporary file, a folder's change, an unknown list) walks again.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ita_site.content import load
from ita_site.errors import Problems

SAVES = frozenset({"modified", "closed"})       # watchdog's event types of a write to an existing file


@dataclass
class Walked:
    paths: list[Path]          # every content file, in order
    refused: set[str]          # names the walk reported (load.Content.refused)
    problems: list             # what it reported

    @classmethod
    def of(cls, root: Path) -> "Walked":
        problems, refused = Problems(), set()
        paths = load._walk(root, problems, refused)
        return cls(paths, refused, problems.items)


def unchanged(walked: Walked | None, changes, root: Path, files: dict) -> set[Path] | None:
    """The files to key again when the last walk stands; None when content/ must be walked."""
    if walked is None or changes is None:
        return None
    inside = str(root) + os.sep
    saved, folders = set(), set()
    for kind, path in changes:
        if not str(path).startswith(inside) and str(path) != str(root):
            continue                              # templates/, static/, a logo: not content/'s files
        if kind not in SAVES:
            return None
        if Path(path) in files:
            saved.add(Path(path))
        else:
            folders.add(Path(path))
    # watchdog reports a file closed after writing with its folder "modified" too: that folder says nothing
    # more; a folder modified on its own (its mode changed) walks again
    return saved if folders <= {path.parent for path in saved} else None


def file_key(path: Path) -> tuple | None:
    """What tells that a content file changed: size, times, inode (and its target's, for a symlink)."""
    try:
        st = os.lstat(path)
        key = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns, st.st_mode)
        if stat.S_ISLNK(st.st_mode):
            st = os.stat(path)
            key += (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
        return key
    except OSError:
        return None


def mark_folders(marks: dict[str, int], changed: list[str], number: int) -> None:
    """The item folders ("2569/o1") of the files that changed, appeared or went (content/... names) get the
    rebuild's number (attachmemo.py keeps an item while its folder's mark is the same)."""
    for rel in changed:
        marks["/".join(rel.split("/")[1:3])] = number
