"""Page views: what each template receives, built from the model.

Templates never see the model. Each page gets plain dicts and strings: links already made relative
to that page (so the site works at a domain root and under a sub-path), dates and numbers already
written in the site's digits, Markdown already rendered and sanitised.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from typing import Any

from ita_site import thai, urls
from ita_site.model import site as model, pdfinfo
from ita_site.pages import head, markup

LABELS = {"measures": "มาตรการ", "steps": "ขั้นตอน/วิธีการ", "results": "ผลการดำเนินการตามมาตรการ",
          "indicator": "ตัวชี้วัด"}
CONTACT_KEYS = ("address", "phone", "hotline", "fax", "email", "hours")
KIND_IDS = {"measures": "measure", "steps": "step", "results": "result"}


@dataclass
class PageView:
    """One page to render: its URL path, template, and context."""

    url: str
    template: str
    context: dict[str, Any]
    in_sitemap: bool = True
    linked: bool = True     # False: deliberately not linked from any page (report, redirect pages)


class Later:
    """A page view made when it is rendered: pages.site_pages yields these for the pages that read much
    of the model (home, years, items, indicators, free pages, coverage reports), so a render worker
    (parallel.py) makes only the views of its own pages."""

    __slots__ = ("_function", "_args")

    def __init__(self, function, *args):
        self._function, self._args = function, args

    def make(self) -> PageView:
        return self._function(*self._args)


class Views:
    def __init__(self, site: model.Site):
        self.site = site
        self.d = site.digits

    # --- small helpers -------------------------------------------------------------
    def num(self, value: int | str) -> str:
        return thai.to_digits(value, self.d)

    def date(self, value) -> dict | None:
        if value is None:
            return None
        return {"iso": thai.iso_date(value), "text": thai.thai_date(value, self.d)}

    def year_title(self, fy: int) -> str:
        return f"ปีงบประมาณ พ.ศ. {self.num(fy)}"

    def base(self, url: str, title: str, crumbs: list[tuple[str, str]], description: str = "",
             link=None) -> dict:
        """Context every page shares: site, nav, breadcrumbs, canonical URL.

        Links are relative to the page unless `link` says otherwise (the 404 page, served at any path).
        """
        if link is None:
            def link(target: str) -> str:
                return urls.relative(url, target)
        site = self.site
        nav = [{"title": "หน้าแรก", "href": link(""), "current": url == ""}]
        nav += [{"title": self.year_title(y.number), "href": link(y.url), "current": url.startswith(y.url)}
                for y in site.years]
        menu = [p for p in site.pages if p.nav_order is not None]
        menu += [s for s in site.sections if s.nav_order is not None]   # sections: content/pages/<name>/
        menu.sort(key=lambda e: (e.nav_order, isinstance(e, model.Section), e.name))
        nav += [{"title": p.title, "href": link(p.url),
                 "current": url == p.url or (isinstance(p, model.Section) and url.startswith(p.url))}
                for p in menu]
        nav.append({"title": "การเข้าถึง", "href": link(urls.ACCESSIBILITY), "current": url == urls.ACCESSIBILITY})
        return {
            "link": link,
            "site": {"agency": site.agency, "agency_en": site.agency_en, "main_site": site.main_site,
                     "contact": {key: site.contact.get(key, "") for key in CONTACT_KEYS}, "digits": site.digits, "home": link("")},
            "nav": nav,
            "breadcrumbs": [{"title": t, "href": link(u)} for t, u in crumbs],
            "page": {"title": title, "canonical": urls.absolute(site.base_url, url),
                     "head_title": title if site.agency in title else f"{title} | {site.agency}",
                     "image": urls.absolute(site.base_url, urls.card()), "image_alt": card_alt(site),
                     "description": description or f"{title} {site.agency}",
                     "search": {"index": True, "meta": {}},      # searchtext.py: indexed? data-code, data-fiscal-year
                     "back_to_top": False},                      # long pages set it: a link back up at the end
            "head": {**head.head(site, url, link),          # feeds, JSON-LD, open data links
                     "icons": {"svg": link(urls.icon("svg")), "png": link(urls.icon("192.png")),
                               "apple": link(urls.icon("180.png")),
                               "vector": site.logo is None}},      # a logo's icons are PNGs (cards.py)
        }

    def item_card(self, ctx: dict, item: model.Item) -> None:
        """og:image of an item's pages: the item's own card."""
        ctx["page"]["image"] = urls.absolute(self.site.base_url, urls.card(item.year, item.code))
        ctx["page"]["image_alt"] = card_alt(self.site, item)

    def crumbs(self, *extra: tuple[str, str]) -> list[tuple[str, str]]:
        return [("หน้าแรก", "")] + list(extra)

    def item_search(self, item: model.Item) -> dict:
        """Search data of an item's pages: indexed, with its code and fiscal year (data-code, data-fiscal-year on <main>)."""
        return {"index": True, "meta": {"code": item.code, "fiscal_year": self.num(item.year)}}

    # --- evidence --------------------------------------------------------------------
    def evidence(self, url: str, entries) -> list[dict]:
        out = []
        for entry in entries:
            if isinstance(entry, model.Attachment):
                kind = (entry.rel.rsplit(".", 1)[-1].upper() if "." in entry.rel else "ไฟล์")
                out.append({"title": entry.title, "href": urls.relative(url, entry.url), "file": True,
                            "type": kind, "mime": mimetypes.guess_type(entry.rel)[0] or "",
                            "size": thai.format_size(entry.size, self.d), "date": self.date(entry.date),
                            **self.pdf_facts(url, entry)})
            else:
                href = entry.url if "://" in entry.url else urls.relative(url, entry.url.lstrip("/"))
                out.append({"title": entry.title, "href": href, "file": False, "external": "://" in entry.url,
                            "date": self.date(entry.date)})
        return out

    def pdf_facts(self, url: str, entry: model.Attachment) -> dict:
        """Page count, text page link and scan flag of a PDF (pdfinfo.py); empty values otherwise."""
        info = pdfinfo.pdf_info(entry)
        return {"pages": self.num(info.pages) if info and info.pages else "",
                "text_href": urls.relative(url, urls.pdf_text(entry.url)) if info and info.has_text else "",
                "scan": bool(info and info.is_scan)}

    # --- indicators ------------------------------------------------------------------
    def indicator_view(self, url: str, ind: model.Indicator, prefix: str) -> dict:
        columns = {}
        for kind in ("measures", "steps"):
            columns[kind] = self.entries(kind, [(text, []) for text in getattr(ind, kind)], prefix, url)
        columns["results"] = self.entries(
            "results", [(r.text, self.evidence(url, list(r.attachments) + list(r.links))) for r in ind.results],
            prefix, url)
        for entry, result in zip(columns["results"]["items"], ind.results):
            entry["date"] = self.date(result.date)          # a result's own date (None: not shown)
        return {"number": self.num(ind.number), "title": ind.title, "href": urls.relative(url, ind.url),
                "id": f"indicator-{ind.number}",
                "ita_indicator": self.num(ind.ita_indicator) if ind.ita_indicator else "",
                "columns": [{"kind": k, "label": LABELS[k], **columns[k]} for k in ("measures", "steps", "results")]}

    def entries(self, kind: str, texts: list[tuple[str, list]], prefix: str, url: str) -> dict:
        items = [{"id": urls.anchor(KIND_IDS[kind], i, prefix), "html": markup.render_markdown(text),
                  "evidence": evidence} for i, (text, evidence) in enumerate(texts, start=1)]
        return {"items": items, "list": "ol" if kind == "measures" else "ul"}


def card_alt(site, item=None) -> str:
    """og:image:alt of a card."""
    if item is None:
        return f"{site.agency}: การเปิดเผยข้อมูลสาธารณะ (ITA/OIT)"
    return (f"{site.agency}: ปีงบประมาณ พ.ศ. {thai.to_digits(item.year, site.digits)} "
            f"รายการ {item.code} {item.title}")
