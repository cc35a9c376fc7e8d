"""Load stage: find every content file, read it as clean text and parse it with positions.

The layout of content/ decides what a file is:

    content/site.yaml                      site settings            (site.schema.json)
    content/pages/<name>.md                free page, front matter  (page.schema.json)
    content/pages/<section>/<name>.md      page of a section; index.md titles the section
    content/catalogues/<id>.yaml           a site's own catalogue   (catalogue.schema.json)
    content/<year>/<code>/item.yaml        one OIT item             (item.schema.json)
    content/<year>/<code>/NN-<name>.yaml   one indicator of a measures report (indicator.schema.json)
    content/<year>/<code>/<other files>    attachments, published with the item

Files are visited in sorted order so that every later stage is deterministic.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ita_site import crash, workers
from ita_site.content import source, yamldoc
from ita_site.errors import Problems
from ita_site.content.yamldoc import Positions

YEAR_DIR = re.compile(r"^25[0-9]{2}$")
ITEM_DIR = re.compile(r"^[a-z]{1,6}[0-9]{1,3}$")
INDICATOR_FILE = re.compile(r"^[0-9]{2}-[a-z0-9-]+\.ya?ml$")
PAGE_FILE = re.compile(r"^[a-z0-9][a-z0-9-]*\.md$")
SECTION_DIR = re.compile(r"^[a-z0-9][a-z0-9-]*$")
IGNORED = {"README.md", "readme.md", "Thumbs.db", "desktop.ini"}
# Zero-width and direction marks, soft hyphen, BOM, control characters: invisible or unsafe in a name.
BAD_NAME_CHARS = re.compile("[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_LAYOUT_HINT = ("ดูโครงสร้างโฟลเดอร์ content/ ใน README / see the content/ layout in the README")


@dataclass
class RawDoc:
    """One parsed content file: its kind, data, and where each value sits in the file."""

    rel: str                       # path shown in messages, e.g. content/2564/o43/item.yaml
    kind: str                      # site | page | catalogue | item | indicator
    data: Any
    positions: Positions
    parts: tuple[str, ...] = ()    # path parts below content/
    body: str = ""                 # Markdown body of a page
    body_line: int = 0


@dataclass
class Content:
    root: Path
    docs: list[RawDoc] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)   # attachment candidates by content-relative path
    refused: set[str] = field(default_factory=set)         # names already reported by the walk (NFC)
    later_docs: list[RawDoc] = field(default_factory=list)  # documents read by a later stage (table rows files)


def load_content(project: Path, problems: Problems) -> Content:
    root = project / "content"
    content = Content(root=root)
    if not (root / "site.yaml").is_file():
        problems.add("content/site.yaml", 0, 0, "ไม่พบไฟล์ content/site.yaml", "content/site.yaml not found",
                     "สร้างไฟล์นี้ก่อน หรือใช้ --project ชี้ไปยังโฟลเดอร์ของเว็บไซต์ / create it, or point --project at the site")
        return content
    paths = _walk(root, problems, content.refused)
    count = workers.wanted(len(paths), FILES_PER_WORKER)
    for _index, docs, files, found in (_load_shares(paths, root, count) if count > 1 else
                                       (_load_file(root, path, i) for i, path in enumerate(paths))):
        content.docs.extend(docs)
        content.files.update(files)
        problems.items.extend(found)
    return content


FILES_PER_WORKER = 400     # a large site is read and parsed on every core (workers.py)


def _load_file(root: Path, path: Path, index: int) -> tuple:
    """(index, docs, attachment files, problems) of one content file."""
    parts = path.relative_to(root).parts
    crash.at("content/" + "/".join(parts))
    local, found = Content(root=root), Problems()
    _load_one(path, parts, "content/" + "/".join(parts), local, found)
    return index, local.docs, local.files, found.items


def _load_shares(paths: list[Path], root: Path, count: int) -> list[tuple]:
    """_load_file of every path, file i in worker i % count; the results in file order."""
    def task(k: int, n: int, send) -> None:
        batch = []
        for index in range(k, len(paths), n):
            batch.append(_load_file(root, paths[index], index))
            if len(batch) >= 500:
                send(batch)
                batch = []
        send(batch)
    return sorted(workers.fork_map(count, task), key=lambda loaded: loaded[0])


def _walk(root: Path, problems: Problems, refused_keys: set[str]) -> list[Path]:
    """Every content file below root, in order; names that cannot be published safely are problems."""
    _real.cache_clear()          # links may have changed since the last build (`ita-site serve`)
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirs = sorted(d for d in dirnames if not d.startswith("."))
        files = sorted(f for f in filenames if not f.startswith(".") and f not in IGNORED)
        refused = _check_names(here, root, dirs + files, problems)
        refused.update(_folders_named_like_files(here, root, dirs, problems))
        dirnames[:] = [d for d in dirs if d not in refused and _followable(here / d, root, problems)]
        refused.update(d for d in dirs if d not in dirnames)
        refused_keys.update(unicodedata.normalize("NFC", _rel(root, here / name)[len("content/"):]) for name in refused)
        parts = here.relative_to(root).parts                      # once per folder, not per file
        found.extend((parts + (f,), here / f) for f in files if f not in refused)
    return [path for _parts, path in sorted(found, key=lambda pair: pair[0])]


def _rel(root: Path, path: Path) -> str:
    return "content/" + path.relative_to(root).as_posix()


def _shown(text: str) -> str:
    return BAD_NAME_CHARS.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def _check_names(here: Path, root: Path, names: list[str], problems: Problems) -> set[str]:
    """Names with invisible characters, or equal to another name but for case or Unicode form."""
    refused = set()
    seen: dict[str, str] = {}
    for name in names:
        if BAD_NAME_CHARS.search(name):
            problems.add(_shown(_rel(root, here / name)), 0, 0, f"ชื่อ '{_shown(name)}' มีอักขระที่มองไม่เห็นหรืออักขระควบคุม",
                         f"the name '{_shown(name)}' contains an invisible or control character",
                         "เปลี่ยนชื่อโดยพิมพ์ใหม่ทั้งชื่อ / rename it by typing the name again")
            refused.add(name)
            continue
        key = unicodedata.normalize("NFC", name).casefold()
        other = seen.setdefault(key, name)
        if other == name:
            continue
        same_form = unicodedata.normalize("NFC", name) == unicodedata.normalize("NFC", other)
        th, en = (("หน้าตาเหมือนกันทุกตัวอักษร ต่างกันแค่รูปแบบ Unicode (NFC/NFD)", "differ only in Unicode form")
                  if same_form else ("ต่างกันแค่ตัวพิมพ์เล็ก-ใหญ่", "differ only in letter case"))
        shown, shown_other = (_marks_shown(name), _marks_shown(other)) if same_form else (name, other)
        problems.add(_rel(root, here / name), 0, 0, f"ชื่อ '{shown}' กับ '{shown_other}' ในโฟลเดอร์เดียวกัน{th}",
                     f"'{shown}' and '{shown_other}' in the same folder {en}",
                     "เว็บเซิร์ฟเวอร์บางระบบจะถือว่าเป็นไฟล์เดียวกัน เปลี่ยนชื่อหรือลบไฟล์หนึ่ง"
                     " / some servers treat them as one file: rename or delete one")
        refused.update((name, other))
    return refused


def _folders_named_like_files(here: Path, root: Path, dirs: list[str], problems: Problems) -> set[str]:
    """A folder named item.yaml (or site.yaml, 01-x.yaml, about.md): its item would vanish without a word."""
    odd = {d for d in dirs if d.lower().endswith((".yaml", ".yml", ".md"))}
    for name in sorted(odd):
        problems.add(_rel(root, here / name), 0, 0, f"'{name}' เป็นโฟลเดอร์ ไม่ใช่ไฟล์ ระบบจึงอ่านข้อมูลในนั้นไม่ได้",
                     f"'{name}' is a folder, not a file, so its data cannot be read",
                     f"ลบโฟลเดอร์นี้ แล้วสร้างไฟล์ {name} แทน / replace the folder with a file named {name}")
    return odd


def _marks_shown(name: str) -> str:
    """A name not in NFC with its combining marks written as <U+0301>, so two such names look different."""
    if unicodedata.is_normalized("NFC", name):
        return name
    return "".join(f"<U+{ord(c):04X}>" if unicodedata.combining(c) else c for c in name)


def _followable(path: Path, root: Path, problems: Problems) -> bool:
    """A folder that is a symlink is not followed, and is a problem: say where it leads."""
    if not path.is_symlink():
        return True
    if inside(path, root):
        problems.add(_rel(root, path), 0, 0, "โฟลเดอร์นี้เป็นลิงก์สัญลักษณ์ (symlink) ซึ่งระบบไม่อ่าน",
                     "this folder is a symlink, which the build does not follow",
                     "ย้ายหรือคัดลอกโฟลเดอร์จริงมาไว้ที่นี่ / move or copy the real folder here")
    else:
        problems.add(_rel(root, path), 0, 0, "โฟลเดอร์นี้เป็นลิงก์สัญลักษณ์ (symlink) ที่ชี้ออกไปนอก content/",
                     "this folder is a symlink leading outside content/",
                     "คัดลอกไฟล์ที่ต้องการเผยแพร่มาไว้ใน content/ / copy the files to publish into content/")
    return False


def _load_one(path: Path, parts: tuple[str, ...], rel: str, content: Content, problems: Problems) -> None:
    kind = classify(parts)
    if kind == "attachment":
        content.files["/".join(parts)] = path
        return
    if kind is None:
        problems.add(rel, 0, 0, "ไฟล์นี้อยู่ผิดที่ ระบบไม่รู้ว่าเป็นข้อมูลชนิดใด",
                     "this file is not in a known place of the content layout", _LAYOUT_HINT)
        return
    if path.is_symlink() and not inside(path, content.root):
        problems.add(rel, 0, 0, "ลิงก์สัญลักษณ์ (symlink) ชี้ออกไปนอก content/", "symlink leads outside content/",
                     "คัดลอกไฟล์จริงมาไว้ใน content/ / copy the real file into content/")
        return
    text = source.read_text(path, rel, problems)
    if text is None:
        return
    if kind == "page":
        _load_page(path, text, parts, rel, content, problems)
        return
    parsed = yamldoc.parse(text, rel, problems)
    if parsed is not None:
        content.docs.append(RawDoc(rel, kind, parsed[0], FilePositions(path, False), parts))


def classify(parts: tuple[str, ...]) -> str | None:
    """What a file is, from where it sits below content/ (None: not a known place)."""
    name = parts[-1]
    if parts == ("site.yaml",):
        return "site"
    if len(parts) == 2 and parts[0] == "pages" and PAGE_FILE.match(name):
        return "page"
    if len(parts) == 3 and parts[0] == "pages" and SECTION_DIR.match(parts[1]) and PAGE_FILE.match(name):
        return "page"    # a page of a section: content/pages/<section>/<name>.md (index.md: the section)
    if len(parts) == 2 and parts[0] == "catalogues" and name.endswith((".yaml", ".yml")):
        return "catalogue"
    if len(parts) >= 3 and YEAR_DIR.match(parts[0]) and ITEM_DIR.match(parts[1]):
        if len(parts) == 3 and name in ("item.yaml", "item.yml"):
            return "item"
        if len(parts) == 3 and INDICATOR_FILE.match(name):
            return "indicator"
        if len(parts) == 3 and name.endswith((".yaml", ".yml", ".md")):
            return None
        return "attachment"
    return None


def inside(path: Path, root: Path) -> bool:
    """Whether path, with every link resolved, lies under root."""
    real = os.path.realpath(path) if os.path.islink(path) else os.path.join(_real(path.parent), path.name)
    return Path(real).is_relative_to(_real(root))


@functools.lru_cache(maxsize=None)
def _real(folder: Path) -> str:
    """A folder with its links resolved; asked for every attachment, so once per folder and build."""
    return os.path.realpath(folder)


def _load_page(path: Path, text: str, parts: tuple[str, ...], rel: str, content: Content, problems: Problems) -> None:
    front, body, body_line = split_front_matter(text)
    if front is None:
        problems.add(rel, 1, 1, "หน้านี้ไม่มีส่วนหัว YAML (front matter) ที่ขึ้นต้นและปิดด้วย ---",
                     "missing YAML front matter between --- lines",
                     "เริ่มไฟล์ด้วย ---, บรรทัด title: ชื่อหน้า, แล้วปิดด้วย --- / start with ---, title: ..., ---")
        return
    parsed = yamldoc.parse(front, rel, problems, line_offset=1)
    if parsed is not None:
        data = parsed[0] if parsed[0] is not None else {}
        content.docs.append(RawDoc(rel, "page", data, FilePositions(path, True), parts, body, body_line))


class FilePositions(Positions):
    """Positions of a content file, worked out from the file itself when a message needs one: a site of
    100,000 pages keeps its data, not its text (~4 KB a document)."""

    __slots__ = ("_path", "_page")

    def __init__(self, path: Path, page: bool):
        super().__init__("", 1 if page else 0)
        self._path, self._page = str(path), page

    def text(self) -> str:
        text = source.read_text(Path(self._path), "", Problems()) or ""
        return (split_front_matter(text)[0] or "") if self._page else text

    def __getstate__(self):
        return self._path, self._page

    def __setstate__(self, state) -> None:
        self.__init__(Path(state[0]), state[1])


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split `---\\nyaml\\n---\\nbody` into (yaml, body, first body line)."""
    if not text.startswith("---\n"):
        return None, text, 1
    end = text.find("\n---", 3)
    while end != -1 and text[end + 4: end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 4)
    if end == -1:
        return None, text, 1
    front = text[4:end + 1]
    body = text[end + 5:]
    return front, body, front.count("\n") + 3
