"""Validate stage, part 2 (assemble.py's helper): `file:` entries made into model.Attachments.

Each entry is checked once per build: its path stays inside its item's folder, it is not a type a browser or
server could run, it exists inside content/ as a regular file, and its published name and first bytes are
ones the path gate lets through. Two attachments whose URLs differ only in case are refused.
"""

from __future__ import annotations

import posixpath
import unicodedata
from pathlib import Path

from ita_site import guard, publishable, urls
from ita_site.model import nearmiss, site as model
from ita_site.errors import Problems
from ita_site.content.load import Content, RawDoc, inside


class Attacher:
    """Turns `file:` entries into Attachments, checking each path once."""

    def __init__(self, content: Content, problems: Problems, memo=None):
        self.content, self.problems, self.memo = content, problems, memo
        self.by_url: dict[str, str] = {}
        self.made: list[tuple] = []   # (url, document, its place()) of each attachment
        self.by_folder: dict[str, list] = {}     # serve: "2569/o1" -> (url, key, document, place) made in it
        self.pending: dict[tuple, tuple] = {}    # serve: (year, folder) -> (item document, title) made anew
        self.reused_items: set[tuple] = set()    # serve: (year, folder) of the items kept whole
        self.refused = frozenset(content.refused) if memo is not None else frozenset()

    def bind(self, doc: RawDoc, year: int, code: str):
        folder = "/".join(doc.parts[:2])

        def attach(entry: dict) -> model.Attachment | None:
            return self.make(doc, entry, folder, year, code)
        return attach

    def indicator(self, doc: RawDoc, item: model.Item) -> model.Indicator:
        """The indicator of doc; with a memo, the last rebuild's object while its document (the same object),
        item and attachments (the same objects) are (every attachment is checked again all the same)."""
        bound = self.bind(doc, item.year, item.code)
        if self.memo is None:
            return model.make_indicator(doc, item, bound)
        made = [bound(entry) for raw in doc.data["results"] if not isinstance(raw, str)
                for entry in raw.get("attachments") or []]
        taken = iter(made)
        return self.memo.indicator(doc, (item.year, item.code), made,
                                   lambda: model.make_indicator(doc, item, lambda _entry: next(taken)))

    def make(self, doc, entry, folder, year, code):
        rel = unicodedata.normalize("NFC", entry["file"])
        def place() -> tuple[int, int]:      # worked out only for a message (yamldoc.Positions)
            return doc.positions.of(_entry_path(doc, entry) + ("file",))
        memo_key = self.memo_key(entry, rel, folder, year, code) if self.memo is not None else None
        made = self.memo.get(memo_key) if memo_key is not None else None
        if made is None:
            before = len(self.problems.items)
            made = self.check(doc, entry, rel, place, folder, year, code)
            if made is None:
                return None
            if memo_key is not None and len(self.problems.items) == before:   # only what passed cleanly
                self.memo.put(memo_key, made)
        url, key, attachment = made
        other = self.by_url.setdefault(url.lower(), key)     # these two depend on the other attachments
        if other != key:
            self.problems.add(doc.rel, *place(), f"ไฟล์แนบ '{key}' และ '{other}' ได้ URL เดียวกันเมื่อไม่สนตัวพิมพ์",
                              f"attachments '{key}' and '{other}' differ only in case or Unicode form",
                              "เปลี่ยนชื่อไฟล์ใดไฟล์หนึ่ง / rename one of them")
            return None
        self.made.append((url, doc.rel, place))
        if self.memo is not None:
            self.by_folder.setdefault(folder, []).append((url, key, doc.rel, place))
        return attachment

    # --- serve: whole items kept from the last rebuild (preview/attachmemo.py) -----------------
    def reused(self, doc: RawDoc, title: str) -> model.Item | None:
        """The last rebuild's item of doc, indicators and all, when serve's memo kept it (no file in its folder
        changed, it had no problem, its title and the refused names are the same) and none of its attachments'
        URLs clashes with one made before it; else None, and the item is made again."""
        if self.memo is None:
            return None
        place = (int(doc.parts[0]), doc.parts[1])
        known = self.memo.item(doc, (title, self.refused))
        if known is not None and all(self.by_url.get(url.lower(), key) == key for url, key, _r, _p in known[1]):
            for url, key, rel, where in known[1]:
                self.by_url[url.lower()] = key
                self.made.append((url, rel, where))
            self.reused_items.add(place)
            return known[0]
        self.pending[place] = (doc, title)
        return None

    def keep_items(self, items: dict, problems: list) -> None:
        """serve: keep the items made anew in which assemble found no problem (`problems`: those it found)."""
        if self.memo is None:
            return
        troubled = {"/".join(problem.path.split("/")[1:3]) for problem in problems}     # content/2569/o1/...
        for place, (doc, title) in self.pending.items():
            folder = f"{place[0]}/{place[1]}"
            if place in items and folder not in troubled:
                self.memo.keep_item(doc, (title, self.refused), items[place], self.by_folder.get(folder, []))

    def memo_key(self, entry, rel, folder, year, code) -> tuple | None:
        """All one entry's checks and Attachment depend on; None when it is not to be kept (a file not
        found under its own name, or one the content walk did not see)."""
        key = posixpath.normpath(f"{folder}/{rel}")
        source = self.content.files.get(key)
        file_key = self.memo.file_key(source) if source is not None else None
        if file_key is None:
            return None
        return (repr(entry), folder, year, code, str(self.content.root), key, str(source), file_key,
                _refused(self.content.refused, key))

    def check(self, doc, entry, rel, place, folder, year, code) -> tuple | None:
        """(url, content key, Attachment) of an entry whose file passed every check; else None, reported."""
        bad = _unsafe(rel) or _active(rel)
        if bad:
            self.problems.add(doc.rel, *place(), *bad)
            return None
        key = posixpath.normpath(f"{folder}/{rel}")
        url = urls.attachment(year, code, posixpath.relpath(key, folder))
        source = self.content.files.get(key) or _by_nfc(self.content.files, key)
        if source is None and _refused(self.content.refused, key):
            return None      # its name was already reported when content/ was read
        bad = _unpublishable(rel, url, None)           # on the published name, found or not (.user.ini)
        if bad:
            self.problems.add(doc.rel, *place(), *bad)
            return None
        if source is None:
            meant = nearmiss.nearest(rel, folder, self.content.files)
            self.problems.add(doc.rel, *place(), f"ไม่พบไฟล์แนบ '{rel}' (มองหาที่ content/{key})",
                              f"attachment not found: content/{key}", nearmiss.hint(meant) if meant else
                              "ตรวจชื่อไฟล์ (ตัวพิมพ์เล็ก-ใหญ่ นามสกุล) และคัดลอกไฟล์ไปไว้ที่นั่น / check the name or copy the file there")
            return None
        if not inside(source, self.content.root):
            self.problems.add(doc.rel, *place(), f"ไฟล์แนบ '{rel}' เป็นลิงก์ (symlink) ที่ชี้ออกไปนอก content/",
                              "attachment is a symlink leading outside content/", "คัดลอกไฟล์จริงมาแทน / copy the real file")
            return None
        if not source.is_file():
            self.problems.add(doc.rel, *place(), f"ไฟล์แนบ '{rel}' ไม่ใช่ไฟล์ธรรมดา (ลิงก์เสีย โฟลเดอร์ หรือ pipe)",
                              "attachment is not a regular file (a broken symlink, a folder or a pipe)",
                              "คัดลอกไฟล์จริงมาแทน / copy the real file")
            return None
        bad = _unpublishable(rel, url, source)         # and on its first bytes
        if bad:
            self.problems.add(doc.rel, *place(), *bad)
            return None
        return url, key, model.Attachment(source, rel, url, entry.get("title") or Path(rel).name,
                                          model.optional_date(entry.get("date")), source.stat().st_size)


def _entry_path(doc: RawDoc, entry: dict) -> tuple:
    """The data path of an entry dict inside doc (for its line number)."""
    def find(node, path):
        if node is entry:
            return path
        children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, child in children:
            found = find(child, path + (key,))
            if found is not None:
                return found
        return None
    return find(doc.data, ()) or ()


_PATH_HINT = "ใส่ที่อยู่ไฟล์เทียบกับโฟลเดอร์ของรายการนี้ เช่น files/notice.pdf / a path inside this item's folder"
# Files a browser or web server may run: published as they are, they could carry scripts.
ACTIVE_EXTENSIONS = frozenset({
    "html", "htm", "xhtml", "xht", "shtml", "shtm", "mht", "mhtml", "hta", "svg", "svgz", "xml", "xsl", "xslt",
    "js", "mjs", "cjs", "wasm", "swf", "php", "php3", "php4", "php5", "phtml", "phar", "asp", "aspx", "jsp",
    "cgi", "pl", "py", "rb", "sh", "htaccess",
})


def _unsafe(rel: str) -> tuple[str, str, str] | None:
    if rel.startswith(("/", "\\")) or (len(rel) > 1 and rel[1] == ":"):
        return f"ที่อยู่ไฟล์แนบ '{rel}' เป็นแบบเต็ม (absolute) ซึ่งไม่อนุญาต", f"absolute attachment path '{rel}'", _PATH_HINT
    if "\\" in rel:
        return f"ที่อยู่ไฟล์แนบ '{rel}' ใช้ \\ ให้ใช้ / แทน", f"use / not \\ in '{rel}'", _PATH_HINT
    if ".." in rel.split("/"):
        return f"ที่อยู่ไฟล์แนบ '{rel}' มี .. ซึ่งชี้ออกนอกโฟลเดอร์ของรายการ", f"'..' in attachment path '{rel}'", _PATH_HINT
    if rel.endswith((".yaml", ".yml")):
        return f"'{rel}' เป็นไฟล์ข้อมูล ไม่ใช่ไฟล์แนบ", f"'{rel}' is a content file, not an attachment", _PATH_HINT
    return None


def _active(rel: str) -> tuple[str, str, str] | None:
    ext = rel.rpartition("/")[2].rpartition(".")[2].lower()
    if "." not in rel.rpartition("/")[2] or ext not in ACTIVE_EXTENSIONS:
        return None
    return (f"ไฟล์แนบชนิด .{ext} อาจมีสคริปต์ที่ทำงานในเบราว์เซอร์หรือบนเซิร์ฟเวอร์ จึงไม่เผยแพร่",
            f"'.{ext}' files can run scripts in a browser or on a server and are not published",
            "แปลงเป็น PDF หรือบีบอัดเป็น .zip / convert it to PDF, or zip it")


def _unpublishable(rel: str, url: str, source: Path | None) -> tuple[str, str, str] | None:
    """The published name must be one the path gate lets through and of an allowed type and content."""
    for name in url.split("/")[2:]:
        why = guard.segment_problem(name)
        if why:
            return (f"ชื่อ '{name}' ในที่อยู่ไฟล์แนบ '{rel}' เผยแพร่ไม่ได้ (ชื่อที่ Windows สงวนไว้ หรือลงท้ายด้วยจุดหรือช่องว่าง)",
                    f"the name '{name}' in attachment path '{rel}' cannot be published: {why}",
                    "เปลี่ยนชื่อไฟล์หรือโฟลเดอร์ เช่น aux.pdf เป็น aux-2564.pdf / rename it, e.g. aux.pdf to aux-2564.pdf")
    return publishable.refusal(rel, url, source, publishable.ATTACHMENT_TYPES)


def _refused(refused: set[str], key: str) -> bool:
    if not refused:                  # the walk reported no name (most sites): nothing to look up
        return False
    parts = key.split("/")
    return any("/".join(parts[:n]) in refused for n in range(1, len(parts) + 1))


def _by_nfc(files: dict[str, Path], key: str) -> Path | None:
    for name, path in files.items():
        if unicodedata.normalize("NFC", name) == key:
            return path
    return None
