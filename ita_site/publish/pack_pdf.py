"""Output: the PDF of the assessor's pack (/<fy>/pack.pdf), made by WeasyPrint from pack_pdf.html.

Pango shapes the Thai and Sarabun is embedded, so the text can be selected and searched. Its dates are the
build time of the ITAS sheet (SOURCE_DATE_EPOCH, else the year's last update), so the same content gives
the same bytes. A PDF whose content has not changed is taken from the previous output (its key sits in the
PDF's keywords), so a rebuild does not pay for WeasyPrint again. Made only for a year that has items.
The rows come from pages/pack.py, which also makes the page for print (/<fy>/pack/).
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from ita_site import urls
from ita_site.model import site as model
from ita_site.pages import pack
from ita_site.pages.views import Views
from ita_site.publish import itas

FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"
KEY_PREFIX = "ita-site-pack-"


def pdf_html(env, views: Views, year: model.Year, epoch: int | None) -> str:
    when = itas.build_time(year, epoch)
    ctx = {"pack": pack.context(views, year, urls.pack(year.number), absolute=True), "title": pack.title(views, year),
           "fonts": "__PACK_FONTS__/", "created": when.strftime("%Y-%m-%dT%H:%M:%SZ")}
    html = env.get_template("pack_pdf.html").render(**ctx)
    # SARA AM is drawn as NIKHAHIT + SARA AA; written so, each glyph keeps its own character and the
    # copied text reads "สํา" (the same as "สำ" under NFKC, as Thai PDF readers search), not "สา".
    html = html.replace("\u0e33", "\u0e4d\u0e32")
    # The key is taken before the fonts' folder is filled in: the same content gives the same bytes
    # wherever the project is checked out.
    key = KEY_PREFIX + hashlib.sha256((_engine_version() + html).encode("utf-8")).hexdigest()
    return html.replace("__PACK_KEY__", key).replace("__PACK_FONTS__", FONTS.as_uri())


def pdf_bytes(html: str, previous: Path | None = None, rel: str = "", cache=None) -> bytes:
    """The PDF of pack_pdf.html; the previous build's file, or the build cache's (buildcache.py), when it
    was made from the same HTML."""
    key = html.split('name="keywords" content="', 1)[1].split('"', 1)[0]
    old = _previous(previous / rel) if previous is not None and rel else None
    data = old[1] if old is not None and old[0] == key else None
    if data is None and cache is not None:
        data = cache.get("pack", key)
    if data is None:
        from weasyprint import HTML

        data = HTML(string=html, base_url=FONTS.as_uri() + "/").write_pdf()
    if cache is not None:
        cache.put("pack", key, data)
    return data


def _previous(path: Path) -> tuple[str, bytes] | None:
    """(its key, its bytes) of the PDF an earlier build wrote, or None (no file, not ours, unreadable)."""
    try:
        data = path.read_bytes()
        from pypdf import PdfReader

        keywords = (PdfReader(io.BytesIO(data)).metadata or {}).get("/Keywords") or ""
    except Exception:  # noqa: BLE001 - any unreadable old file is simply made again
        return None
    return (str(keywords), data) if str(keywords).startswith(KEY_PREFIX) else None


def _engine_version() -> str:
    from importlib.metadata import version

    return f"weasyprint {version('weasyprint')} pydyf {version('pydyf')}"


def files(site: model.Site, ctx) -> list[tuple[str, bytes]]:
    """The pack PDF of every year with items, from pack_pdf.html (ctx.env); one made from the same HTML
    is taken from the last build (ctx.previous) or the build cache (ctx.cache)."""
    views = Views(site)
    out = []
    for year in pack.years_with_items(site):
        rel = urls.pack_pdf(year.number)
        out.append((rel, pdf_bytes(pdf_html(ctx.env, views, year, ctx.epoch), ctx.previous, rel, ctx.cache)))
    return out
