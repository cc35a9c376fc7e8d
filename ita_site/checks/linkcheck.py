"""Checks on the rendered site: every internal link, anchor and attachment resolves; every page is
reachable from the home page, and item pages are at most two clicks deep.

Each page is scanned once, right after it is rendered; only its ids and links are kept, so the check
does not hold the site's HTML in memory.
"""

from __future__ import annotations

import posixpath
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from ita_site.errors import Problems

MAX_ITEM_DEPTH = 2


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, bool]] = []   # (href, is a navigational <a>)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("href") is not None:
            self.links.append((values["href"], True))
        elif tag == "link" and values.get("href") and values.get("rel") != "canonical":
            self.links.append((values["href"], False))
        elif tag in ("img", "script") and values.get("src"):
            self.links.append((values["src"], False))


@dataclass
class LinkGraph:
    base_path: str                                   # e.g. /ita/
    ids: dict[str, set[str]] = field(default_factory=dict)          # output file -> ids
    links: dict[str, list[tuple[str, str, bool]]] = field(default_factory=dict)  # file -> (target file, fragment, nav)
    files: set[str] = field(default_factory=set)     # every file written

    def add_page(self, out_file: str, html: bytes) -> None:
        scanner = _Scanner()
        scanner.feed(html.decode("utf-8"))
        self.ids[out_file] = scanner.ids
        self.links[out_file] = [(*self.resolve(out_file, href), nav) for href, nav in scanner.links
                                if self.is_internal(href)]

    def is_internal(self, href: str) -> bool:
        try:
            parts = urlsplit(href)
        except ValueError:           # http://[::1 and the like: not a link into the site
            return False
        return not parts.scheme and not parts.netloc

    def resolve(self, from_file: str, href: str) -> tuple[str, str]:
        parts = urlsplit(href)
        path = unquote(parts.path)
        if not path:
            target = from_file
        elif path.startswith("/"):
            target = path[len(self.base_path):] if path.startswith(self.base_path) else "\0" + path
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(from_file), path))
            target = "" if target == "." else target
            if path.endswith("/") and target:
                target += "/"
        if target == "" or target.endswith("/"):
            target += "index.html"
        return target, parts.fragment


def check_links(graph: LinkGraph, problems: Problems) -> None:
    for page in sorted(graph.links):
        for target, fragment, _nav in graph.links[page]:
            if target not in graph.files:
                problems.add(f"output/{page}", 0, 0, f"ลิงก์ภายในเสีย: ไม่พบ {target}",
                             f"broken internal link to {target}",
                             "ตรวจ URL ในเนื้อหาหรือเทมเพลต / check the URL in content or templates")
            elif fragment and target in graph.ids and fragment not in graph.ids[target]:
                problems.add(f"output/{page}", 0, 0, f"ไม่พบจุดยึด #{fragment} ใน {target}",
                             f"missing anchor #{fragment} in {target}")


def click_depths(graph: LinkGraph, start: str = "index.html") -> dict[str, int]:
    depth = {start: 0}
    queue = deque([start])
    while queue:
        page = queue.popleft()
        for target, _fragment, nav in graph.links.get(page, []):
            if nav and target in graph.ids and target not in depth:
                depth[target] = depth[page] + 1
                queue.append(target)
    return depth


def check_reachability(graph: LinkGraph, item_pages: set[str], problems: Problems,
                       exempt: set[str]) -> dict[str, int]:
    depths = click_depths(graph)
    for page in sorted(graph.ids):
        if page in exempt:
            continue
        if page not in depths:
            problems.add(f"output/{page}", 0, 0, "ไม่มีลิงก์จากหน้าใดพาไปถึงหน้านี้จากหน้าแรก",
                         "no page links here: it is not reachable from the home page",
                         "เพิ่มลิงก์ในเมนูหรือหน้ารายการ / link it from the menu or a list page")
        elif page in item_pages and depths[page] > MAX_ITEM_DEPTH:
            problems.add(f"output/{page}", 0, 0, f"หน้ารายการอยู่ลึก {depths[page]} คลิกจากหน้าแรก (เกิน {MAX_ITEM_DEPTH})",
                         f"item page is {depths[page]} clicks from the home page (more than {MAX_ITEM_DEPTH})")
    return depths
