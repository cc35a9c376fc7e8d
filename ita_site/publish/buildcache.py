"""The build cache: what one `ita-site build` computed, kept in a folder for the next (CI keeps it too).

By default `.ita-cache/` beside content/ (`--cache-dir`, or none with `--no-cache`). It holds
`index.json` and `blobs/`, files named by the BLAKE2b digest of their bytes. The index maps each
entry's key (a digest of everything its output depends on) to blobs:

- "page":   a page's HTML and its link-check scan, keyed by its template files and its whole context
            (render/cached.py);
- "pack":   an assessor's pack PDF, keyed as pack_pdf.py keys it (engine version + its HTML);
- "card":   an icon or sharing card, keyed as cards.py keys it;
- "search": the search index, keyed by every HTML file it indexes (search.py);
- "xlsx":   an ITAS sheet's XLSX, keyed by the sheet's rows (itas.py);
- "output": the files the last build left in output/, with their digests and inodes (relink.py).

Never trusted: the index's header must name this format, this ita-site (version and a digest of
every file of the package, so any change of code, templates or fonts counts), the same Python and
libraries, and the same project folder; otherwise the whole cache is ignored and rewritten. A blob
is used only when its bytes still have its digest (a truncated or altered file is dropped), and an
unreadable or malformed index counts as empty. Nothing is ever written outside the cache folder:
it must be a real folder (not a symlink) outside output/, content/, templates/ and static/; files
are written under a temporary name there and renamed into place; only blobs the new index does
not name are deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from importlib import metadata
from pathlib import Path

import ita_site
from ita_site.publish import relink

FORMAT = 1
DEFAULT = ".ita-cache"
INDEX = "index.json"
BLOBS = "blobs"
LIBRARIES = ("jinja2", "markdown", "nh3", "pyyaml", "weasyprint", "pydyf", "pillow", "pypdf", "openpyxl",
             "fonttools", "numpy", "python-slugify", "jsonschema")
_HEX = re.compile(r"^[0-9a-f]{40}$")
_PACKAGE = Path(ita_site.__file__).resolve().parent


class CacheRefused(Exception):
    """The cache folder is one the build must not write into (inside output/, content/, ...)."""


def check_location(project: Path, output: Path, folder: Path) -> None:
    """Raise CacheRefused when `folder` lies inside output/, content/, templates/ or static/ (or holds them)."""
    project, output, folder = (Path(os.path.realpath(p)) for p in (project, output, folder))
    inside = [output] + [project / name for name in ("content", "templates", "static")]
    for place in inside:
        if folder.is_relative_to(place) or place.is_relative_to(folder):
            raise CacheRefused(
                f"{folder}: ใช้เป็นโฟลเดอร์แคชไม่ได้ เพราะซ้อนกับ {place} (the build cache cannot be inside, or "
                f"hold, {place})\n    วิธีแก้ (hint): ใช้ --cache-dir ชี้ไปยังโฟลเดอร์อื่น เช่น .ita-cache"
                " / choose another folder with --cache-dir, e.g. .ita-cache")


def open_cache(project: Path, output: Path, folder: Path | None, say) -> "BuildCache":
    """The cache of one build: `folder` (--cache-dir) or .ita-cache/ beside content/, checked first."""
    folder = (folder or project / DEFAULT).resolve()
    check_location(project, output, folder)
    return BuildCache(folder, project, say=say)


def identity(project: Path) -> dict:
    """What a cache must have been made by to be used: format, ita-site, Python, libraries, project."""
    h = hashlib.blake2b(digest_size=20)
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
            h.update(b"\0")
    libraries = {}
    for name in LIBRARIES:
        try:
            libraries[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            libraries[name] = None
    return {"format": FORMAT, "ita_site": ita_site.__version__, "package": h.hexdigest(),
            "python": sys.version, "libraries": libraries, "project": os.path.realpath(project)}


def blob_name(data: bytes) -> str:
    return relink.digest_of(data)           # the digest a staging folder notes for the same bytes


class BuildCache:
    """One build's view of the cache folder: entries read at the start, the new index saved at the end."""

    def __init__(self, folder: Path, project: Path, say=print):
        self.folder, self.say = Path(folder), say
        self.identity = identity(project)
        self.old: dict[str, dict] = {}           # kind -> key -> value, as the previous build left them
        self.new: dict[str, dict] = {}           # what this build used or made
        self.hits: dict[str, int] = {}             # kind -> entries taken from the cache
        self.misses: dict[str, int] = {}           # kind -> entries made (and put in it)
        self.usable = self._usable_folder()
        self.made_folders = [p for p in (self.folder, self.folder / BLOBS) if not p.exists()]  # by this build
        self.written: list[str] = []             # blobs this build wrote (discard() removes them)
        if self.usable:
            self.old = self._read_index()

    # --- reading ------------------------------------------------------------------------------
    def _usable_folder(self) -> bool:
        for path in (self.folder, self.folder / BLOBS):
            if path.is_symlink() or (path.exists() and not path.is_dir()):
                self.say(f"{path}: ไม่ใช้แคช เพราะไม่ใช่โฟลเดอร์ธรรมดา (not using the build cache: not a plain folder)")
                return False
        return True

    def _read_index(self) -> dict:
        try:
            with open(self.folder / INDEX, "rb") as stream:
                data = json.loads(stream.read().decode("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            self.say("แคชเสียหาย: สร้างใหม่ทั้งหมด (the build cache is damaged: building without it)")
            return {}
        if not isinstance(data, dict) or data.get("identity") != self.identity:
            self.say("แคชมาจากรุ่นอื่นหรือโครงการอื่น: ไม่ใช้ (the build cache is from another ita-site, "
                     "Python or project: building without it)")
            return {}
        entries = data.get("entries")
        if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
            return {}
        return entries

    def peek(self, kind: str, key: str):
        """The entry's value, or None; not kept for the next build by this alone."""
        value = self.old.get(kind, {}).get(key)
        return self.new.get(kind, {}).get(key) if value is None else value

    def lookup(self, kind: str, key: str):
        """The entry's value (plain JSON data) kept for this build too, or None."""
        value = self.old.get(kind, {}).get(key)
        if value is None:
            value = self.new.get(kind, {}).get(key)
        if value is not None:
            self.new.setdefault(kind, {})[key] = value
        return value

    def blob(self, name) -> bytes | None:
        """The bytes of blob `name`, only when they still have that digest."""
        if not self.usable or not isinstance(name, str) or not _HEX.match(name):
            return None
        try:
            with open(self.folder / BLOBS / name, "rb") as stream:
                data = stream.read()
        except OSError:
            return None
        return data if blob_name(data) == name else None

    def get(self, kind: str, key: str) -> bytes | None:
        """The bytes kept under (kind, key), verified, or None (counted as a hit or a miss)."""
        data = self.blob(self.lookup(kind, key))
        if data is None:
            self.new.get(kind, {}).pop(key, None)
        self.count(kind, data is not None)
        return data

    def count(self, kind: str, hit: bool) -> None:
        counts = self.hits if hit else self.misses
        counts[kind] = counts.get(kind, 0) + 1

    def summary(self) -> str:
        kinds = sorted(set(self.hits) | set(self.misses))
        return ", ".join(f"{kind} {self.hits.get(kind, 0)}/{self.hits.get(kind, 0) + self.misses.get(kind, 0)}"
                         for kind in kinds)

    def previous_output(self, output: Path) -> dict:
        """The table of files the last build with this cache left in `output` (relink.py), or {}."""
        kept = self.old.get("output", {}).get("files")
        if not isinstance(kept, dict) or kept.get("folder") != os.path.realpath(output):
            return {}
        return kept.get("table") if isinstance(kept.get("table"), dict) else {}

    def keep_output(self, output: Path, table: dict) -> None:
        self.record("output", "files", {"folder": os.path.realpath(output), "table": table})

    # --- writing ------------------------------------------------------------------------------
    def put_blob(self, data: bytes) -> str:
        name = blob_name(data)
        if self.usable and self.blob(name) is None:      # not there yet, or damaged: written (again)
            try:
                _write_new(self.folder / BLOBS, name, data)
                self.written.append(name)
            except OSError as exc:            # a full disk or the like: this build goes on without the cache
                self.usable = False
                self.say(f"เขียนแคชไม่ได้ (could not write the build cache): {exc}")
        return name

    def put(self, kind: str, key: str, data: bytes) -> None:
        self.record(kind, key, self.put_blob(data))

    def record(self, kind: str, key: str, value) -> None:
        """Keep `value` (plain JSON data; blob names in it must have been put) under (kind, key)."""
        self.new.setdefault(kind, {})[key] = value

    def save(self) -> None:
        """Write the new index (what this build used and made) and delete blobs it no longer names."""
        if not self.usable:
            return
        text = json.dumps({"identity": self.identity, "entries": self.new}, ensure_ascii=False, sort_keys=True)
        try:
            _write_new(self.folder, INDEX, text.encode("utf-8"))
            named = set(_blob_names(self.new))
            for entry in os.scandir(self.folder / BLOBS):
                if _HEX.match(entry.name) and entry.name not in named and entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
        except OSError as exc:
            self.say(f"บันทึกแคชไม่สำเร็จ (could not save the build cache): {exc}")


    def discard(self) -> None:
        """A refused build leaves every byte as it was: the blobs it wrote go, and the folders it made."""
        for name in self.written:
            try:
                os.unlink(self.folder / BLOBS / name)
            except OSError:
                pass
        for folder in reversed(self.made_folders):     # blobs/ first, then the cache folder itself
            try:
                folder.rmdir()                          # only when empty: nothing of anyone else's goes
            except OSError:
                pass


def _blob_names(entries: dict):
    for values in entries.values():
        for value in values.values():
            yield from (v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
            if isinstance(value, dict):
                yield from (v for v in value.values() if isinstance(v, str))


def _write_new(folder: Path, name: str, data: bytes) -> None:
    """Write folder/name under a temporary name first, then rename it into place (never follows a link)."""
    folder.mkdir(parents=True, exist_ok=True)
    if folder.is_symlink():
        raise OSError(f"{folder} is a symlink")
    temp = folder / f".{name}.{os.getpid()}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(temp, folder / name)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
