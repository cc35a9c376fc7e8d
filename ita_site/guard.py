"""Safety gates of the write stage: which folder a build may replace, and which paths it may write.

Output guard: ita-site only ever replaces a folder it made. Every tree it writes (output/, serve's
preview) carries the marker file MARKER at its root. A build refuses, before it reads or deletes
anything, an output folder that

- is the project, one of its parents, content/, templates/ or static/, or lies inside one of them;
- exists, is not empty and has no marker (a web root, someone's documents, a folder of another tool).

Path gate: every file the build writes goes through `checked(rel)`, which proves that the
site-relative path made by urls.py stays inside the tree and can be held by every web server's file
system: no `..`, no absolute or drive path, no backslash, no NUL, control, zero-width or bidi
character, no Windows-reserved name (CON, PRN, AUX, NUL, COM1-9, LPT1-9), no trailing dot or space.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

MARKER = ".ita-site-output"
MARKER_TEXT = ("# ita-site: โฟลเดอร์นี้ ita-site สร้างและแทนที่ทั้งโฟลเดอร์ทุกครั้งที่สร้างเว็บไซต์ อย่าเก็บไฟล์อื่นไว้ที่นี่\n"
               "# (this folder is made by ita-site and replaced by every build: keep nothing else here)\n").encode()
PROTECTED = ("content", "templates", "static")
_HINT = ("ใช้ --output ชี้ไปยังโฟลเดอร์ใหม่หรือโฟลเดอร์ว่าง เช่น --output output"
         " / choose a new or empty folder with --output, e.g. --output output")
_HINT_FOREIGN = ("ย้ายไฟล์ในโฟลเดอร์นั้นออกไปก่อน หรือใช้ --output ชี้ไปยังโฟลเดอร์ใหม่"
                 " / move its files away first, or choose a new folder with --output")


class OutputRefused(Exception):
    """The output folder is one ita-site must not replace; nothing was read, written or deleted."""


def shown(path: Path) -> str:
    """A path as a message shows it: relative to the working folder when it lies below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    if set(rel.split(os.sep)) == {".."}:
        return rel                       # a parent of the working folder: "..", "../.."
    return str(path) if rel.startswith("..") else rel


def _refusal(output: Path, th: str, en: str, hint: str = _HINT) -> OutputRefused:
    return OutputRefused(f"{shown(output)}: ไม่สร้างเว็บไซต์ลงโฟลเดอร์นี้ เพราะ{th} (refusing to build into this "
                         f"folder: {en}); ไม่ได้ลบหรือเปลี่ยนไฟล์ใด (nothing was deleted or changed)"
                         f"\n    วิธีแก้ (hint): {hint}")


def check_output(project: Path, output: Path) -> None:
    """Raise OutputRefused unless the build may replace `output` (see the module docstring)."""
    conflict = source_conflict(project, output)
    if conflict:
        raise _refusal(Path(os.path.realpath(output)), *conflict)
    output = Path(os.path.realpath(output))
    if output.is_dir() and not is_ours(output):
        raise _refusal(output, "มีไฟล์อยู่แล้วและไม่ใช่โฟลเดอร์ที่ ita-site สร้าง",
                       f"it is not empty and was not made by ita-site (no {MARKER} file)", _HINT_FOREIGN)


def source_conflict(project: Path, folder: Path) -> tuple[str, str] | None:
    """(Thai, English) reason when writing into `folder` would touch the project's own files: it is the
    project or holds it, or it is, lies inside or holds content/, templates/ or static/. None otherwise.
    Used for build's --output and for deploy's local DEST."""
    project, folder = Path(os.path.realpath(project)), Path(os.path.realpath(folder))
    if project.is_relative_to(folder):
        if folder == project:
            return "เป็นโฟลเดอร์โครงการเอง", "it is the project folder"
        return "มีโฟลเดอร์โครงการอยู่ข้างใน", "it contains the project folder"
    for name in PROTECTED:
        source = Path(os.path.realpath(project / name))
        if folder.is_relative_to(source):
            inside = folder != source
            return (f"{'อยู่ภายใน' if inside else 'เป็น'}โฟลเดอร์ {name}/ ของโครงการ",
                    f"it {'lies inside' if inside else 'is'} the project's {name}/")
        if source.is_relative_to(folder):
            return f"มีโฟลเดอร์ {name}/ ของโครงการอยู่ข้างใน", f"it holds the project's {name}/"
    return None


def is_ours(folder: Path) -> bool:
    """An empty folder, or one that carries ita-site's marker."""
    try:
        with os.scandir(folder) as entries:
            names = {entry.name for entry in entries}
    except OSError:
        return False
    return not names or (MARKER in names and (folder / MARKER).is_file() and not (folder / MARKER).is_symlink())


def mark(folder: Path) -> None:
    (folder / MARKER).write_bytes(MARKER_TEXT)


# --- the path gate ---------------------------------------------------------------------------------
# C0/C1 controls, soft hyphen, zero-width and bidi marks, line/paragraph separators, BOM, and the
# characters that Windows file systems cannot hold.
UNSAFE_CHARS = re.compile("[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
                          "\u2060-\u2069\ufeff\ufff9-\ufffb\\\\:*?\"<>|]")
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$", re.IGNORECASE)


class UnsafePath(ValueError):
    """A path the build must never write (a bug upstream: urls.py or a check let it through)."""


def segment_problem(name: str) -> str | None:
    """Why one file or folder name cannot be published (English), or None when it can."""
    if name in ("", ".", ".."):
        return f"empty, '.' or '..' segment {name!r}"
    bad = UNSAFE_CHARS.search(name)
    if bad:
        return f"character U+{ord(bad.group()):04X} in {name!r}"
    if name[-1] in ". ":
        return f"trailing dot or space in {name!r}"
    if _RESERVED.match(name.rstrip(". ")):
        return f"Windows-reserved name {name!r}"
    return None


def checked(rel: str) -> str:
    """rel itself when it is a safe site-relative file path; UnsafePath otherwise. Paths that passed are
    remembered (serve asks again about every output file on every rebuild)."""
    if isinstance(rel, str) and rel in _PASSED:
        return rel
    if not isinstance(rel, str) or not rel or rel.startswith("/") or re.match(r"^[A-Za-z]:", rel):
        raise UnsafePath(f"not a relative path: {rel!r}")
    for name in rel.split("/"):
        why = segment_problem(name)
        if why:
            raise UnsafePath(f"{why} in {rel!r}")
    if os.path.normpath(rel).startswith(".."):          # cannot happen after the checks above
        raise UnsafePath(f"leaves the tree: {rel!r}")
    if len(_PASSED) >= 200_000:                          # a bound for a long serve session
        _PASSED.clear()
    _PASSED.add(rel)
    return rel


_PASSED: set[str] = set()      # paths checked() let through
