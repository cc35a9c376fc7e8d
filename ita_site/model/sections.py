"""Sections: folders of free pages, content/pages/<section>/<name>.md -> /<section>/<name>/.

A section's optional index.md gives its title, summary, text and place in the main menu (nav_order);
its index page lists the pages, and every page of the section carries a nav of the section's pages.
Pages are ordered by nav_order (those without one last), then by file name.
"""

from __future__ import annotations

from collections.abc import Callable

from ita_site import guard, urls
from ita_site.content import load
from ita_site.model import site as model
from ita_site.errors import Problems

INDEX = "index"


def order_key(entry) -> tuple:
    return (entry.nav_order is None, entry.nav_order or 0, entry.name)


def arrange(docs: list[load.RawDoc], problems: Problems, top_page, reserved: set[str],
            make_page: Callable[[load.RawDoc], model.Page] = model.make_page):
    """(top-level pages, sections) from the page documents; `top_page` makes a top-level Page,
    `make_page` a section's page (`ita-site serve` passes one that keeps unchanged pages)."""
    top, indexes, members = [], {}, {}
    for doc in docs:
        if len(doc.parts) == 2:
            top.append(top_page(doc, problems))
        elif doc.parts[-1] == INDEX + ".md":
            indexes[doc.parts[1]] = doc
        else:
            members.setdefault(doc.parts[1], []).append(make_page(doc))
    sections = [_section(name, indexes.get(name), members.get(name, []), problems, reserved)
                for name in sorted(set(indexes) | set(members))]
    return sorted(top, key=order_key), sorted(sections, key=order_key)


def _section(name, index, pages, problems: Problems, reserved: set[str]) -> model.Section:
    where = index.rel if index else f"content/pages/{name}/"
    if name in reserved or load.YEAR_DIR.match(name) or guard.segment_problem(name):
        problems.add(where, 0, 0, f"ชื่อหมวด '{name}' สงวนไว้สำหรับระบบ", f"section name '{name}' is reserved",
                     "เปลี่ยนชื่อโฟลเดอร์ / rename the folder")
    for page in pages:
        if guard.segment_problem(page.name):
            problems.add(page.source, 0, 0, f"ชื่อหน้า '{page.name}' เป็นชื่อที่ Windows สงวนไว้ เว็บเซิร์ฟเวอร์บน Windows เก็บไม่ได้",
                         f"page name '{page.name}' is reserved on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9)",
                         f"เปลี่ยนชื่อไฟล์ เช่น {page.name}-info.md / rename the file, e.g. {page.name}-info.md")
    if index is None:
        problems.add(where, 0, 0, f"หมวด '{name}' ไม่มีไฟล์ index.md จึงใช้ชื่อโฟลเดอร์เป็นชื่อหมวด",
                     f"section '{name}' has no index.md; the folder name is its title",
                     f"สร้าง content/pages/{name}/index.md ที่มี title: ชื่อหมวด / add an index.md with a title",
                     severity="warning")
    data = index.data if index else {}
    return model.Section(name, data.get("title", name), data.get("summary", ""), data.get("nav_order"),
                         index.body if index else "", where, url=urls.section(name),
                         pages=sorted(pages, key=order_key))
