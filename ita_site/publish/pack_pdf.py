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

from ita_site import urls, workers
from ita_site.model import site as model
from ita_site.pages import pack
from ita_site.pages.views import Views
from ita_site.publish import itas

FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"
KEY_PREFIX = "ita-site-pack-"


def pdf_html(env, views: Views, year: model.Year, epoch: int | None) -> str:
    return html_of(env, pdf_context(views, year, epoch))


def pdf_context(views: Views, year: model.Year, epoch: int | None) -> dict:
    """What pack_pdf.html shows, as plain data (`ita-site serve` renders it again only when this changed)."""
    when = itas.build_time(year, epoch)
    return {"pack": pack.context(views, year, urls.pack(year.number), absolute=True), "title": pack.title(views, year),
            "fonts": "__PACK_FONTS__/", "created": when.strftime("%Y-%m-%dT%H:%M:%SZ")}


def html_of(env, ctx: dict) -> str:
    html = env.get_template("pack_pdf.html").render(**ctx)
    # SARA AM is drawn as NIKHAHIT + SARA AA; written so, each glyph keeps its own character and the
    # copied text reads "สํา" (the same as "สำ" under NFKC, as Thai PDF readers search), not "สา".
    html = html.replace("\u0e33", "\u0e4d\u0e32")
    # The key is taken before the fonts' folder is filled in: the same content gives the same bytes
    # wherever the project is checked out.
    key = KEY_PREFIX + hashlib.sha256((_engine_version() + html).encode("utf-8")).hexdigest()
    return html.replace("__PACK_KEY__", key).replace("__PACK_FONTS__", FONTS.as_uri())


def key_of(html: str) -> str:
    return html.split('name="keywords" content="', 1)[1].split('"', 1)[0]


def reused(html: str, previous: Path | None, rel: str, cache) -> bytes | None:
    """The PDF made from the same HTML kept in the build cache (a file read by its key) or written by the
    last build (its file, whose keywords hold the key: reading them means parsing the PDF, which costs
    more than a second at a few thousand pages, so it comes second); None when it must be made."""
    key = key_of(html)
    kept = cache.get("pack", key) if cache is not None else None
    if kept is not None:
        return kept
    old = _previous(previous / rel) if previous is not None and rel else None
    return old[1] if old is not None and old[0] == key else None


def _weasyprint(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=FONTS.as_uri() + "/").write_pdf()


def _made(htmls: list[str]) -> list[bytes]:
    """The PDFs of `htmls`, made on every core (workers.py forks; each worker makes every n-th PDF): one
    year's pack is tens of seconds of WeasyPrint at a few thousand pages, and the years do not depend on
    each other. The bytes are the same as one process makes."""
    count = workers.wanted(len(htmls), 1)
    if count <= 1:
        return [_weasyprint(html) for html in htmls]

    def task(k: int, n: int, send) -> None:
        for index in range(k, len(htmls), n):
            send([(index, _weasyprint(htmls[index]))])

    return [data for _index, data in sorted(workers.fork_map(count, task))]


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
    is taken from the last build (ctx.previous) or the build cache (ctx.cache); the others are made
    side by side on the machine's cores."""
    views = Views(site)
    wanted = [(urls.pack_pdf(year.number), pdf_html(ctx.env, views, year, ctx.epoch))
              for year in pack.years_with_items(site)]
    found = {rel: reused(html, ctx.previous, rel, ctx.cache) for rel, html in wanted}
    missing = [(rel, html) for rel, html in wanted if found[rel] is None]
    found.update(zip([rel for rel, _html in missing], _made([html for _rel, html in missing])))
    if ctx.cache is not None:
        for rel, html in wanted:
            ctx.cache.put("pack", key_of(html), found[rel])
    return [(rel, found[rel]) for rel, _html in wanted]


if __name__ == "__main__":          # `ita-site serve` makes its PDFs so, in the background (preview/packs.py)
    import sys

    sys.stdout.buffer.write(_weasyprint(sys.stdin.buffer.read().decode("utf-8")))
