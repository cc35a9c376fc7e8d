"""The text of each text PDF as a page beside the file (`files/report.pdf.html`): readable without a
PDF viewer, by a screen reader, and found by the site search like any other page (model/pdfinfo.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from ita_site import urls
from ita_site.model import site as model
from ita_site.model.pdfinfo import PdfInfo, pdf_info
from ita_site.pages.views import PageView


def text_pages(views, item: model.Item) -> Iterator:
    """One readable, searchable text page per text PDF of the item."""
    for att in item.attachments():
        info = pdf_info(att)
        if info is not None and info.has_text:
            yield text_page(views, item, att, info)


def text_page(views, item: model.Item, att: model.Attachment, info: PdfInfo):
    url = urls.pdf_text(att.url)
    title = f"ข้อความในไฟล์ {att.title}"
    ctx = views.base(url, title, views.crumbs((views.year_title(item.year), urls.year(item.year)),
                                              (item.code, item.url), (title, url)),
                     f"ข้อความจากไฟล์ PDF {att.title} ({item.code} {item.title})")
    ctx["page"]["search"] = views.item_search(item)
    ctx["pdf"] = {
        "title": att.title, "href": urls.relative(url, att.url),
        "file": views.evidence(url, [att])[0],
        "item": {"code": item.code, "title": item.title, "href": urls.relative(url, item.url)},
        "pages": [{"number": views.num(n), "id": f"page-{n}", "lines": _lines(text)}
                  for n, text in enumerate(info.texts, start=1)],
    }
    return PageView(url, "pdf_text.html", ctx, in_sitemap=False)


def _lines(text: str) -> list[dict]:
    """Non-empty lines, each with a language for screen readers: Latin-only lines are marked English."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        thai_text = any("\u0e00" <= ch <= "\u0e7f" for ch in line)
        latin = any(ch.isascii() and ch.isalpha() for ch in line)
        out.append({"text": line, "lang": "en" if latin and not thai_text else ""})
    return out
