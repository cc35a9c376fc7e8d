"""Machine-readable files beside the pages: sitemap.xml, robots.txt, urls.csv and urls.json.

urls.csv / urls.json list every item and indicator page with its absolute URL, ready to paste into
the OIT form in ITAS. Rows are in a fixed order (year, item code, indicator number). urls.json also
lists every published file under "files" with its size and SHA-256 (digest.py).
"""

from __future__ import annotations

import functools
import json
from xml.sax.saxutils import escape

from ita_site import digest, thai, urls
from ita_site.model import site as model
from ita_site.publish import csvfile

URL_FIELDS = ("fiscal_year", "item_code", "indicator", "title", "url")


def url_lists(site: model.Site, part=None) -> dict:
    """What urls.json holds (its "urls" are urls.csv's rows), as plain data: `ita-site serve` keys both files
    by it, and urls_csv_of and urls_json_of read nothing else. `part(item)` gives url_part(site, item) (serve
    keeps them per item)."""
    parts = [(part or functools.partial(url_part, site))(item) for item in site.items()]
    return {"agency": site.agency, "base_url": site.base_url, "urls": [row for rows, _ in parts for row in rows],
            "files": [entry for _, files in parts for entry in files]}


def url_part(site: model.Site, item: model.Item) -> tuple[list[dict], list[dict]]:
    """One item's rows of urls.csv (the item, then its indicators) and its files in urls.json."""
    rows = [{"fiscal_year": item.year, "item_code": item.code, "indicator": "",
             "title": item.title, "url": urls.absolute(site.base_url, item.url)}]
    rows += [{"fiscal_year": item.year, "item_code": item.code, "indicator": ind.number,
              "title": f"ตัวชี้วัดที่ {ind.number} {ind.title}", "url": urls.absolute(site.base_url, ind.url)}
             for ind in item.indicators]
    files = [{"fiscal_year": item.year, "item_code": item.code, "title": att.title,
              "url": urls.absolute(site.base_url, att.url), "bytes": att.size, "sha256": digest.of(att)}
             for att in item.attachments()]
    return rows, files


def urls_csv_of(lists: dict) -> bytes:
    return csvfile.csv_bytes(URL_FIELDS, csvfile.fields_of(lists["urls"], URL_FIELDS))


def urls_json_of(lists: dict) -> bytes:
    return (json.dumps(lists, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


SITEMAP_MAX_URLS = 50_000      # the sitemaps.org limit per file; a larger site gets a sitemap index


def sitemaps(site: model.Site, entries: list[tuple[str, object]]) -> list[tuple[str, bytes]]:
    """sitemap.xml, or for more than SITEMAP_MAX_URLS pages a sitemap index of sitemaps/sitemap-N.xml.

    entries: (url path, last-modified date or None), already in site order.
    """
    if len(entries) <= SITEMAP_MAX_URLS:
        return [(urls.SITEMAP, sitemap(site, entries))]
    parts = [entries[start:start + SITEMAP_MAX_URLS] for start in range(0, len(entries), SITEMAP_MAX_URLS)]
    names = [urls.sitemap_part(number) for number in range(1, len(parts) + 1)]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for name, part in zip(names, parts):
        newest = max((lastmod for _url, lastmod in part if lastmod), default=None)
        lines.append(f"  <sitemap><loc>{escape(urls.absolute(site.base_url, name))}</loc>"
                     + (f"<lastmod>{thai.iso_date(newest)}</lastmod>" if newest else "") + "</sitemap>")
    lines.append("</sitemapindex>")
    index = ("\n".join(lines) + "\n").encode("utf-8")
    return [(urls.SITEMAP, index)] + [(name, sitemap(site, part)) for name, part in zip(names, parts)]


def sitemap(site: model.Site, entries: list[tuple[str, object]]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, lastmod in entries:
        lines.append(f"  <url><loc>{escape(urls.absolute(site.base_url, url))}</loc>"
                     + (f"<lastmod>{thai.iso_date(lastmod)}</lastmod>" if lastmod else "") + "</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(site: model.Site) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {urls.absolute(site.base_url, urls.SITEMAP)}\n".encode("utf-8")


def files(site: model.Site, ctx) -> list[tuple[str, bytes]]:
    """The sitemap (ctx.sitemap: the pages' entries), robots.txt and the URL lists."""
    lists = url_lists(site)
    return sitemaps(site, ctx.sitemap) + [(urls.ROBOTS, robots(site)), (urls.URL_LIST_CSV, urls_csv_of(lists)),
                                          (urls.URL_LIST_JSON, urls_json_of(lists))]
