"""Load stage: find every content file, read it as clean text and parse it with positions.

The layout of content/ decides what a file is:

    content/site.yaml                      site settings            (site.schema.json)
    content/pages/<name>.md                free page, front matter  (page.schema.json)
    content/catalogues/<id>.yaml           a site's own catalogue   (catalogue.schema.json)
    content/<year>/<code>/item.yaml        one OIT item             (item.schema.json)
    content/<year>/<code>/NN-<name>.yaml   one indicator of a measures report (indicator.schema.json)
    content/<year>/<code>/<other files>    attachments, published with the item

Files are visited in sorted order so that every later stage is deterministic.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ita_site import source, yamldoc
from ita_site.errors import Problems
from ita_site.yamldoc import Positions

YEAR_DIR = re.compile(r"^25[0-9]{2}$")
ITEM_DIR = re.compile(r"^[a-z]{1,6}[0-9]{1,3}$")
INDICATOR_FILE = re.compile(r"^[0-9]{2}-[a-z0-9-]+\.ya?ml$")
PAGE_FILE = re.compile(r"^[a-z0-9][a-z0-9-]*\.md$")
IGNORED = {"README.md", "readme.md", "Thumbs.db", "desktop.ini"}
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


def load_content(project: Path, problems: Problems) -> Content:
    root = project / "content"
    content = Content(root=root)
    if not (root / "site.yaml").is_file():
        problems.add("content/site.yaml", 0, 0, "ไม่พบไฟล์ content/site.yaml", "content/site.yaml not found",
                     "สร้างไฟล์นี้ก่อน หรือใช้ --project ชี้ไปยังโฟลเดอร์ของเว็บไซต์ / create it, or point --project at the site")
        return content
    for path in _walk(root):
        parts = path.relative_to(root).parts
        rel = "content/" + "/".join(parts)
        _load_one(path, parts, rel, content, problems)
    return content


def _walk(root: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(Path(dirpath) / f for f in sorted(filenames) if not f.startswith(".") and f not in IGNORED)
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _load_one(path: Path, parts: tuple[str, ...], rel: str, content: Content, problems: Problems) -> None:
    kind = classify(parts)
    if kind == "attachment":
        content.files["/".join(parts)] = path
        return
    if kind is None:
        problems.add(rel, 0, 0, "ไฟล์นี้อยู่ผิดที่ ระบบไม่รู้ว่าเป็นข้อมูลชนิดใด",
                     "this file is not in a known place of the content layout", _LAYOUT_HINT)
        return
    if path.is_symlink() and not _inside(path, content.root):
        problems.add(rel, 0, 0, "ลิงก์สัญลักษณ์ (symlink) ชี้ออกไปนอก content/", "symlink leads outside content/",
                     "คัดลอกไฟล์จริงมาไว้ใน content/ / copy the real file into content/")
        return
    text = source.read_text(path, rel, problems)
    if text is None:
        return
    if kind == "page":
        _load_page(text, parts, rel, content, problems)
        return
    parsed = yamldoc.parse(text, rel, problems)
    if parsed is not None:
        content.docs.append(RawDoc(rel, kind, parsed[0], parsed[1], parts))


def classify(parts: tuple[str, ...]) -> str | None:
    """What a file is, from where it sits below content/ (None: not a known place)."""
    name = parts[-1]
    if parts == ("site.yaml",):
        return "site"
    if len(parts) == 2 and parts[0] == "pages" and PAGE_FILE.match(name):
        return "page"
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


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def _load_page(text: str, parts: tuple[str, ...], rel: str, content: Content, problems: Problems) -> None:
    front, body, body_line = split_front_matter(text)
    if front is None:
        problems.add(rel, 1, 1, "หน้านี้ไม่มีส่วนหัว YAML (front matter) ที่ขึ้นต้นและปิดด้วย ---",
                     "missing YAML front matter between --- lines",
                     "เริ่มไฟล์ด้วย ---, บรรทัด title: ชื่อหน้า, แล้วปิดด้วย --- / start with ---, title: ..., ---")
        return
    parsed = yamldoc.parse(front, rel, problems, line_offset=1)
    if parsed is not None:
        data = parsed[0] if parsed[0] is not None else {}
        content.docs.append(RawDoc(rel, "page", data, parsed[1], parts, body, body_line))


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
