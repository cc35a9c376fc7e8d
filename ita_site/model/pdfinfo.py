"""Evidence files that explain themselves: page count and text layer of PDF attachments.

Each PDF attachment is read once (pypdf) for its page count and the text of each page.

- A PDF with no text at all is almost certainly a scan: nobody can search it and screen readers
  cannot read it aloud. The build warns with the file and a hint (OCR it, or publish the text).
- The text of a text PDF is published as an HTML page beside the file, `<file>.pdf.html`, linked
  from every evidence list that shows the PDF ("ข้อความในไฟล์"). It is an ordinary page of the site,
  so the Pagefind index (search.py) covers it like any other page: a word inside a PDF is findable,
  and the text can be read with a screen reader or in a browser without a PDF viewer. We chose a
  page over Pagefind's custom records because a page also works without JavaScript.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ita_site import urls
from ita_site.model import site as model
from ita_site.errors import Problems

TEXT_PAGE_SUFFIX = ".html"
_KEEP_CONTROLS = {"\n", "\t"}


@dataclass(frozen=True)
class PdfInfo:
    pages: int = 0
    texts: tuple[str, ...] = ()      # the text of each page, cleaned
    error: str = ""                  # why the file could not be read ("" when it could)

    @property
    def has_text(self) -> bool:
        return any(text.strip() for text in self.texts)

    @property
    def is_scan(self) -> bool:
        return not self.error and self.pages > 0 and not self.has_text


def is_pdf(name: str) -> bool:
    return name.lower().endswith(".pdf")


def read(path: Path) -> PdfInfo:
    """Page count and text of a PDF; cached per (path, size, mtime)."""
    stat = path.stat()
    return _read(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=256)
def _read(path: str, size: int, mtime_ns: int) -> PdfInfo:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)   # malformed-but-readable files are common
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            return PdfInfo(error="encrypted")
        return PdfInfo(len(reader.pages), tuple(clean_text(page.extract_text() or "") for page in reader.pages))
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds of errors on damaged files
        return PdfInfo(error=f"{type(exc).__name__}: {exc}")


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """NFC, no control characters (invalid in HTML), no trailing spaces.

    A lone surrogate (a broken PDF font map gives them) cannot be written as UTF-8: it becomes U+FFFD,
    so one odd PDF never stops the build nor is blamed on a template."""
    text = _SURROGATE.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if ch in _KEEP_CONTROLS or unicodedata.category(ch) != "Cc")
    return "\n".join(line.rstrip() for line in text.splitlines()).strip()




def pdf_info(att: model.Attachment) -> PdfInfo | None:
    return read(att.source) if is_pdf(att.rel) else None


def text_url(att: model.Attachment) -> str:
    """URL path of the text page of a PDF: beside the file, `files/report.pdf.html`."""
    return att.url + TEXT_PAGE_SUFFIX


# --------------------------------------------------------------------------- build warnings


def check(site: model.Site, project: Path, problems: Problems) -> None:
    """Warn about scanned (image-only) and unreadable PDFs, once per file."""
    for item in site.items():
        for att in item.attachments():
            info = pdf_info(att)
            if info is None:
                continue
            where = _content_path(att.source, project)
            if info.error:
                problems.add(where, 0, 0, "อ่านไฟล์ PDF ไม่ได้ จึงนับหน้าและค้นหาข้อความไม่ได้",
                             f"cannot read the PDF ({info.error}), so its pages and text are unknown",
                             "ตรวจว่าไฟล์ไม่เสียหายและไม่ได้ตั้งรหัสผ่าน แล้วบันทึกเป็น PDF ใหม่ "
                             "/ check that the file is not damaged or password-protected; save it as PDF again",
                             severity="warning")
            elif info.is_scan:
                problems.add(where, 0, 0,
                             "ไฟล์ PDF ไม่มีชั้นข้อความ (น่าจะเป็นภาพสแกน) จึงค้นหาไม่ได้และโปรแกรมอ่านหน้าจออ่านออกเสียงไม่ได้",
                             "the PDF has no text layer (probably a scan): it cannot be searched or read aloud",
                             "ทำ OCR ให้ไฟล์ เช่น ocrmypdf -l tha+eng ไฟล์เดิม.pdf ไฟล์ใหม่.pdf หรือเผยแพร่ข้อความในหน้าเว็บด้วย "
                             "/ OCR it (e.g. ocrmypdf -l tha+eng in.pdf out.pdf) or publish its text on the page",
                             severity="warning")


def _content_path(source: Path, project: Path) -> str:
    try:
        return source.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return str(source)


# --------------------------------------------------------------------------- text pages


def text_pages(views, item: model.Item) -> Iterator:
    """One readable, searchable text page per text PDF of the item."""
    for att in item.attachments():
        info = pdf_info(att)
        if info is not None and info.has_text:
            yield text_page(views, item, att, info)


def text_page(views, item: model.Item, att: model.Attachment, info: PdfInfo):
    from ita_site.pages.views import PageView   # views imports this module for evidence lists

    url = text_url(att)
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
