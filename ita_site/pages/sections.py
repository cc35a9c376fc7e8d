"""Page views of sections (model/sections.py): each section's index page, its pages with the
section's nav, and the sections' entries on the home page.

While `ita-site serve` looks for what changed (preview/pagecache.py), section views are stand-ins
(Stub): the inputs of the page as a key, and a way to make the view when the key has changed.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ita_site import urls
from ita_site.model import site as model
from ita_site.pages import markup
from ita_site.pages.fingerprint import digest, plain_digest
from ita_site.pages.views import PageView, Views


def home_entries(site: model.Site) -> list[dict]:
    return [{"title": s.title, "href": urls.relative("", s.url), "summary": s.summary} for s in site.sections]


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
    return digest(views.base("-/", "", [], "")), digest(views.base("-/-/", "", [], ""))


def _stubs(views: Views, section: model.Section, bases: tuple[bytes, bytes]) -> Iterator[Stub]:
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
