"""Model stage: validated documents become the site model, in a fixed order.

The model is internal: templates never see it (views.py turns it into page contexts). Years are
sorted by number, items by code number, indicators by their `number`, pages by nav order then name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ita_site import thai, urls
from ita_site.content.load import RawDoc


@dataclass(frozen=True)
class Attachment:
    source: Path          # the file under content/
    rel: str              # path relative to the item folder, as written
    url: str              # URL path in the site
    title: str
    date: date | None
    size: int


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    date: date | None


@dataclass(frozen=True)
class Result:
    text: str
    date: date | None = None
    attachments: tuple[Attachment, ...] = ()
    links: tuple[Link, ...] = ()


@dataclass
class Indicator:
    number: int
    title: str
    ita_indicator: int | None
    measures: list[str]
    steps: list[str]
    results: list[Result]
    source: str
    url: str = ""


@dataclass(frozen=True)
class OtherYear:
    """The same item in another fiscal year, by the roll-over map (rollover.py)."""

    year: int
    code: str
    title: str
    url: str
    successor: bool          # a later year's item that carries this one on


@dataclass
class Item:
    year: int
    code: str
    title: str
    caption: str
    summary: str
    updated: date
    note: str
    body: str
    documents: list[Attachment | Link]
    source: str
    indicators: list[Indicator] = field(default_factory=list)
    url: str = ""
    other_years: list[OtherYear] = field(default_factory=list)
    table: object = None     # tables.Table of a table item (rows per period), set by assemble

    def attachments(self) -> list[Attachment]:
        """Its attachments (documents, then the indicators' results), each once, in page order."""
        seen: dict[str, Attachment] = {}
        entries = [*self.documents,
                   *(att for ind in self.indicators for result in ind.results for att in result.attachments)]
        for entry in entries:
            if isinstance(entry, Attachment):
                seen.setdefault(entry.url, entry)
        return list(seen.values())


@dataclass
class Year:
    number: int
    catalogue: str
    items: list[Item] = field(default_factory=list)
    url: str = ""
    oit: object = None    # the year's catalogue.Catalogue, set by assemble (None: no catalogue known)


@dataclass
class Page:
    name: str
    title: str
    summary: str
    updated: date | None
    nav_order: int | None
    body: str
    source: str
    url: str = ""
    section: str = ""     # folder name for content/pages/<section>/<name>.md, "" for a top-level page


@dataclass
class Section:
    """content/pages/<name>/: an optional index.md (title, text) and the pages of the folder."""

    name: str
    title: str
    summary: str
    nav_order: int | None
    body: str
    source: str                  # index.md, or the folder when there is none
    url: str = ""
    pages: list[Page] = field(default_factory=list)


@dataclass
class Site:
    agency: str
    agency_en: str
    main_site: str
    base_url: str
    digits: str
    contact: dict
    accessibility: dict
    redirects: dict[str, str]
    years: list[Year] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    logo: object = None         # content.logo.Logo of site.yaml `logo:`, set by the pipeline once checked

    def items(self) -> list[Item]:
        return [item for year in self.years for item in year.items]


def optional_date(value: str | None) -> date | None:
    return thai.parse_date(value) if value else None


def code_key(code: str) -> tuple:
    match = re.match(r"([A-Z]+)([0-9]+)$", code)
    return (match.group(1), int(match.group(2))) if match else (code, 0)


def make_site(site_doc: RawDoc) -> Site:
    data = site_doc.data
    years = [Year(int(fy), spec.get("catalogue", ""), url=urls.year(int(fy)))
             for fy, spec in sorted((data.get("years") or {}).items())]
    return Site(
        agency=data["agency"]["name"],
        agency_en=data["agency"].get("name_en", ""),
        main_site=data["main_site"],
        base_url=data["base_url"],
        digits=data.get("digits", "thai"),
        contact=dict(data.get("contact") or {}),
        accessibility=dict(data.get("accessibility") or {}),
        redirects=dict(sorted((data.get("redirects") or {}).items())),
        years=years,
    )


def make_page(doc: RawDoc) -> Page:
    data = doc.data
    name = doc.parts[-1][:-3]
    section = doc.parts[1] if len(doc.parts) == 3 else ""
    url = urls.section_page(section, name) if section else urls.page(name)
    return Page(name, data["title"], data.get("summary", ""), optional_date(data.get("updated")),
                data.get("nav_order"), doc.body, doc.rel, url=url, section=section)


def make_item(doc: RawDoc, year: int, title: str, attach) -> Item:
    data = doc.data
    code = data["code"]
    documents = [attach(d) if "file" in d else Link(d["title"], d["url"], optional_date(d.get("date")))
                 for d in data.get("documents") or []]
    documents = [d for d in documents if d is not None]   # attach() gives None after reporting a problem
    return Item(year, code, title, data.get("caption", title), data.get("summary", ""),
                thai.parse_date(data["updated"]), data.get("note", ""), data.get("body", ""),
                documents, doc.rel, url=urls.item(year, code))


def make_indicator(doc: RawDoc, item: Item, attach) -> Indicator:
    data = doc.data
    results = []
    for raw in data["results"]:
        if isinstance(raw, str):
            results.append(Result(raw))
            continue
        results.append(Result(
            raw["text"], optional_date(raw.get("date")),
            tuple(a for a in map(attach, raw.get("attachments") or []) if a is not None),
            tuple(Link(link["title"], link["url"], optional_date(link.get("date"))) for link in raw.get("links") or []),
        ))
    number = data["number"]
    return Indicator(number, data["title"], data.get("ita_indicator"), list(data["measures"]),
                     list(data["steps"]), results, doc.rel, url=urls.indicator(item.year, item.code, number))
