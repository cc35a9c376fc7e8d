"""Every page a content file makes: its URL, its source file and its last update, in one walk.

One list for everything that must know each such page: the collision check (model/assemble.py: no two
sources write one output path) and the sitemap's <lastmod> (publish/manifests.py). A new kind of content
page is one more line here; tests/test_kinds.py fails while a kind's documents (content/kinds.py,
`pages`) are missing from it. Pages made from the model alone (home, search, the pack) have no source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ita_site.model import site as model

SITE_SOURCE = "content/site.yaml"


@dataclass(frozen=True)
class Sourced:
    url: str
    source: str
    updated: date | None


def sourced_pages(site: model.Site) -> list[Sourced]:
    """In a fixed order: years, free pages, sections (the index, then its pages), items (then indicators)."""
    found = [Sourced(year.url, SITE_SOURCE, max((item.updated for item in year.items), default=None))
             for year in site.years]
    found += [Sourced(page.url, page.source, page.updated) for page in site.pages]
    for section in site.sections:
        dated = [page.updated for page in section.pages if page.updated]
        found.append(Sourced(section.url, section.source, max(dated) if dated else None))
        found += [Sourced(page.url, page.source, page.updated) for page in section.pages]
    for item in site.items():
        found.append(Sourced(item.url, item.source, item.updated))
        found += [Sourced(ind.url, ind.source, item.updated) for ind in item.indicators]
    return found


def lastmod(site: model.Site) -> dict[str, date | None]:
    """The sitemap's <lastmod> of each page a content file makes, by URL."""
    return {page.url: page.updated for page in sourced_pages(site)}
