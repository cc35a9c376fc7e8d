"""Sections: folders of free pages, content/pages/<section>/<name>.md -> /<section>/<name>/.

A section's optional index.md gives its title, summary, text and place in the main menu (nav_order);
its index page lists the pages, and every page of the section carries a nav of the section's pages.
Pages are ordered by nav_order (those without one last), then by file name.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ita_site import guard, urls
from ita_site.content import load
from ita_site.model import site as model
from ita_site.pages import markup
from ita_site.errors import Problems
from ita_site.pages.views import PageView, Views

INDEX = "index"


def order_key(entry) -> tuple:
    return (entry.nav_order is None, entry.nav_order or 0, entry.name)


def arrange(docs: list[load.RawDoc], problems: Problems, top_page, reserved: set[str]):
    """(top-level pages, sections) from the page documents; `top_page` makes a top-level Page."""
    top, indexes, members = [], {}, {}
    made = _page_memo()
    for doc in docs:
        if len(doc.parts) == 2:
            top.append(top_page(doc, problems))
        elif doc.parts[-1] == INDEX + ".md":
            indexes[doc.parts[1]] = doc
        else:
            members.setdefault(doc.parts[1], []).append(_make_page(doc, made))
    sections = [_section(name, indexes.get(name), members.get(name, []), problems, reserved)
                for name in sorted(set(indexes) | set(members))]
    return sorted(top, key=order_key), sorted(sections, key=order_key)


def _page_memo():
    """`ita-site serve` keeps the Page of an unchanged document between rebuilds (incremental.py)."""
    from ita_site.render import parallel

    return parallel.SESSION.get()


def _make_page(doc: load.RawDoc, session) -> model.Page:
    return model.make_page(doc) if session is None else session.page_for(doc, model.make_page)


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


def sources(site: model.Site) -> list[tuple[str, str]]:
    """(url, source) of every section page, for the collision check."""
    found = []
    for section in site.sections:
        found.append((section.url, section.source))
        found += [(page.url, page.source) for page in section.pages]
    return found


def lastmod(site: model.Site) -> dict[str, object]:
    dates: dict[str, object] = {}
    for section in site.sections:
        dated = [page.updated for page in section.pages if page.updated]
        dates[section.url] = max(dated) if dated else None
        dates.update((page.url, page.updated) for page in section.pages)
    return dates


def menu(site: model.Site) -> list[model.Section]:
    """Sections that have a place in the main menu."""
    return [section for section in site.sections if section.nav_order is not None]


def home_entries(site: model.Site) -> list[dict]:
    return [{"title": s.title, "href": urls.relative("", s.url), "summary": s.summary} for s in site.sections]


# --- views ------------------------------------------------------------------------------
def site_views(views: Views) -> Iterator[PageView]:
    stubs = STUBS.get()
    bases = None
    for section in views.site.sections:
        if stubs:
            bases = bases or _bases(views)
            yield from _stubs(views, section, bases)
            continue
        yield index_view(views, section)
        nav = section_nav(section)
        for page in section.pages:
            yield page_view(views, section, page, nav)


# While `ita-site serve` looks for what changed (incremental.py), section views are stand-ins: the
# inputs of the page as a key, and a way to make the view when the key has changed.
STUBS = contextvars.ContextVar("ita_site_section_stubs", default=False)


@dataclass
class Stub:
    url: str
    key: tuple
    make: Callable[[], PageView]
    in_sitemap: bool = True
    linked: bool = True


def _bases(views: Views) -> tuple[bytes, bytes]:
    """Digests of what views.base gives a page at depth 1 (a section) and 2 (its pages).

    base() depends on the site and on the page URL; every section is one folder deep and every page
    two, so beyond its URL (in the keys below) a section's pages differ only in whether the
    section's own menu entry is current, which follows from its nav_order (also in the keys).
    """
    from ita_site.preview.fingerprint import digest

    return digest(views.base("-/", "", [], "")), digest(views.base("-/-/", "", [], ""))


def _stubs(views: Views, section: model.Section, bases: tuple[bytes, bytes]) -> Iterator[Stub]:
    from ita_site.preview.fingerprint import plain_digest

    own = (section.url, section.nav_order)
    listing = plain_digest((section.title, section.url, section.summary, section.body,
                            [(p.title, p.url, p.summary, p.updated) for p in section.pages]))
    nav_sig = plain_digest((section.title, section.url, [(p.title, p.url) for p in section.pages]))
    nav: list = []

    def maker(page=None):
        def make() -> PageView:
            if page is None:
                return index_view(views, section)
            if not nav:
                nav.append(section_nav(section))
            return page_view(views, section, page, nav[0])
        return make

    yield Stub(section.url, ("index", bases[0], own, listing), maker())
    for page in section.pages:
        yield Stub(page.url, ("page", bases[1], own, nav_sig, page.url, page.title, page.summary, page.updated,
                              page.body), maker(page))


def section_nav(section: model.Section) -> list[dict]:
    """The section's page list, linked from any page of the section (they are siblings)."""
    viewpoint = section.url + "-/"
    return [{"title": p.title, "href": urls.relative(viewpoint, p.url), "url": p.url} for p in section.pages]


def index_view(views: Views, section: model.Section) -> PageView:
    url = section.url
    ctx = views.base(url, section.title, views.crumbs((section.title, url)), section.summary)
    ctx["section"] = {
        "title": section.title,
        "body": markup.render_markdown(section.body) if section.body.strip() else "",
        "pages": [{"title": p.title, "href": urls.relative(url, p.url), "summary": p.summary,
                   "updated": views.date(p.updated)} for p in section.pages],
    }
    return PageView(url, "section.html", ctx)


def page_view(views: Views, section: model.Section, page: model.Page, nav: list[dict]) -> PageView:
    url = page.url
    ctx = views.base(url, page.title, views.crumbs((section.title, section.url), (page.title, url)), page.summary)
    ctx["content"] = {"title": page.title, "body": markup.render_markdown(page.body) if page.body.strip() else "",
                      "updated": views.date(page.updated)}
    ctx["section"] = {"title": section.title, "href": urls.relative(url, section.url), "pages": nav,
                      "current": url}
    return PageView(url, "section_page.html", ctx)
