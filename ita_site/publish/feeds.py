"""Atom feeds of new and updated items: one for the site (/feed.xml), one per fiscal year (/<fy>/feed.xml).

Entries are items (an item page is what a citizen or an assessor follows). Every id is the absolute URL
of what it names, so an item keeps its id when it is updated; `updated` is the item's `updated` date at
midnight Thai time (+07:00). Output is deterministic: entries newest first, then by year and code, and
no build time anywhere.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from functools import partial

from ita_site import thai, urls
from ita_site.model import site as model

ATOM = "http://www.w3.org/2005/Atom"
THAI_TZ = "+07:00"
EPOCH = date(1970, 1, 1)     # `updated` of a feed with no entries (Atom requires one)
SITE_FEED = "feed.xml"


def site_feed_url() -> str:
    return SITE_FEED


def year_feed_url(fy: int) -> str:
    return urls.year(fy) + SITE_FEED


def atom_time(day: date) -> str:
    return f"{thai.iso_date(day)}T00:00:00{THAI_TZ}"


def feed_title(site: model.Site, fy: int | None = None) -> str:
    scope = f" ปีงบประมาณ พ.ศ. {thai.to_digits(fy, site.digits)}" if fy else ""
    return f"รายการเปิดเผยข้อมูลสาธารณะ (OIT){scope} {site.agency}"


def files(site: model.Site) -> list[tuple[str, bytes]]:
    """(output path, bytes) of every feed of the site."""
    out = [(site_feed_url(), feed(site, site.items(), site_feed_url(), None))]
    for year in site.years:
        out.append((year_feed_url(year.number), feed(site, year.items, year_feed_url(year.number), year.number)))
    return out


def head_links(site: model.Site, page_url: str) -> list[tuple[str, str]]:
    """(title, URL path) of the feeds a page announces: the site's, and its year's on year pages."""
    links = [(feed_title(site), site_feed_url())]
    for year in site.years:
        if page_url.startswith(year.url):
            links.append((feed_title(site, year.number), year_feed_url(year.number)))
    return links


def _ordered(items: list[model.Item]) -> list[model.Item]:
    by_key = sorted(items, key=lambda item: (item.year, model.code_key(item.code)))
    return sorted(by_key, key=lambda item: item.updated, reverse=True)   # stable: ties keep year/code order


def feed(site: model.Site, items: list[model.Item], self_url: str, fy: int | None) -> bytes:
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "th"})
    absolute = partial(urls.absolute, site.base_url)
    _text(root, "id", absolute(self_url))
    _text(root, "title", feed_title(site, fy))
    _text(root, "subtitle", f"รายการใหม่และรายการที่ปรับปรุงบนเว็บไซต์เปิดเผยข้อมูลของ{site.agency} "
                            f"(new and updated ITA/OIT items)")
    ordered = _ordered(items)
    _text(root, "updated", atom_time(ordered[0].updated if ordered else EPOCH))
    _link(root, "self", absolute(self_url), "application/atom+xml")
    _link(root, "alternate", absolute(urls.year(fy) if fy else urls.home()), "text/html")
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", site.agency)
    _text(author, "uri", site.main_site)
    _text(root, "generator", "ita-site")
    for item in ordered:
        _entry(root, site, item, absolute)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(root: ET.Element, site: model.Site, item: model.Item, absolute) -> None:
    entry = ET.SubElement(root, f"{{{ATOM}}}entry")
    _text(entry, "id", absolute(item.url))
    _text(entry, "title", f"{item.code} {item.title}")
    _text(entry, "updated", atom_time(item.updated))
    _link(entry, "alternate", absolute(item.url), "text/html")
    year_label = f"ปีงบประมาณ พ.ศ. {thai.to_digits(item.year, site.digits)}"
    ET.SubElement(entry, f"{{{ATOM}}}category", {"term": str(item.year), "label": year_label})
    _text(entry, "summary", item.summary or f"{item.code} {item.title} ({year_label})")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element


def _link(parent: ET.Element, rel: str, href: str, media_type: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"rel": rel, "type": media_type, "href": href})
