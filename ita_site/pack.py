"""Output: the assessor's pack of a fiscal year, as a page made for print and as a PDF.

/<fy>/pack/ (HTML, in the site's layout) and /<fy>/pack.pdf list every catalogue item in order with its
status (มี/ไม่มี, by the period rules), its direct URL, its evidence files (type, size, pages, date and
SHA-256) and the note for the OIT form: one document an assessor can work through item by item.

The PDF is made at build time by WeasyPrint (Pango shapes the Thai; Sarabun is embedded, so its text can
be selected and searched) from pack_pdf.html. Its dates are the build time of the ITAS sheet
(SOURCE_DATE_EPOCH, else the year's last update), so the same content gives the same bytes. A PDF whose
content has not changed is taken from the previous output (its key sits in the PDF's keywords), so a
rebuild does not pay for WeasyPrint again. Made only for a year that has items.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from ita_site import coverage, digest, itas, model, pdfinfo, thai, urls
from ita_site.views import Later, PageView, Views

FONTS = Path(__file__).parent / "static" / "fonts"
KEY_PREFIX = "ita-site-pack-"
TYPE_LINK = "ลิงก์"


def years_with_items(site: model.Site) -> list[model.Year]:
    return [year for year in site.years if year.items]


def pages(views: Views):
    for year in years_with_items(views.site):
        yield Later(pack_page, views, year)


def links(url: str, year: model.Year) -> dict | None:
    """Links to a year's pack from the page at `url` (the year page, the report), None without items."""
    if not year.items:
        return None
    return {"page": urls.relative(url, urls.pack(year.number)), "pdf": urls.relative(url, urls.pack_pdf(year.number))}


def title(views: Views, year: model.Year) -> str:
    return f"ชุดเอกสารสำหรับผู้ประเมิน OIT {views.year_title(year.number)}"


def context(views: Views, year: model.Year, url: str, *, absolute: bool = False) -> dict:
    """The pack's rows. Links are relative to `url`, or absolute (for the PDF, read away from the site)."""
    site = views.site

    def link(target: str) -> str:
        return urls.absolute(site.base_url, target) if absolute else urls.relative(url, target)

    cov = coverage.year_coverage(year)
    rows = []
    for row in cov.rows:
        item = row.item
        has = itas.has(row)
        rows.append({
            "code": row.code, "title": row.title, "has": itas.HAS if has else itas.HAS_NOT, "has_flag": has,
            "status": coverage.LABELS[row.status][0], "status_en": coverage.LABELS[row.status][1],
            "period": coverage.rule_text(row.period, year.number, views.d),
            "url": urls.absolute(site.base_url, item.url) if item else "",
            "href": link(item.url) if item else "",
            "updated": views.date(item.updated) if item else None,
            "note": (item.note or itas.generated_note(site, year, row)) if item else "",
            "evidence": [_evidence(views, link, entry) for entry in itas.evidence(item)] if item else [],
        })
    csv_name, xlsx_name = itas.filenames(year.number)
    return {"year": views.num(year.number), "agency": site.agency, "agency_en": site.agency_en,
            "catalogue": f"{cov.catalogue.id}: {cov.catalogue.title}" if cov.catalogue else "",
            "has": views.num(sum(1 for r in rows if r["has_flag"])), "total": views.num(len(rows)),
            "rows": rows, "index": link(year.url), "pdf": link(urls.pack_pdf(year.number)),
            "itas": {"csv": link(csv_name), "xlsx": link(xlsx_name)}}


def _evidence(views: Views, link, entry) -> dict:
    if isinstance(entry, model.Attachment):
        info = pdfinfo.pdf_info(entry)
        return {"title": entry.title, "href": link(entry.url),
                "url": urls.absolute(views.site.base_url, entry.url),
                "type": entry.rel.rsplit(".", 1)[-1].upper() if "." in entry.rel else "ไฟล์",
                "size": thai.format_size(entry.size, views.d),
                "pages": views.num(info.pages) if info and info.pages else "",
                "date": views.date(entry.date), "sha256": digest.of(entry)}
    external = "://" in entry.url
    return {"title": entry.title, "href": entry.url if external else link(entry.url.lstrip("/")),
            "url": entry.url if external else urls.absolute(views.site.base_url, entry.url.lstrip("/")),
            "type": TYPE_LINK, "size": "", "pages": "", "date": views.date(entry.date), "sha256": ""}


def pack_page(views: Views, year: model.Year) -> PageView:
    url = urls.pack(year.number)
    heading = title(views, year)
    ctx = views.base(url, heading, views.crumbs((views.year_title(year.number), year.url), ("ชุดเอกสาร", url)),
                     f"{heading}: ทุกรายการ สถานะ URL เอกสารหลักฐาน และคำอธิบายสำหรับแบบ OIT")
    ctx["pack"] = context(views, year, url)
    ctx["page"]["back_to_top"] = True
    ctx["page"]["search"] = {**ctx["page"]["search"], "index": False}   # it repeats every item: not in search
    return PageView(url, "pack.html", ctx)


# --------------------------------------------------------------------------- PDF


def pdf_html(env, views: Views, year: model.Year, epoch: int | None) -> str:
    when = itas.build_time(year, epoch)
    ctx = {"pack": context(views, year, urls.pack(year.number), absolute=True), "title": title(views, year),
           "fonts": FONTS.as_uri() + "/", "created": when.strftime("%Y-%m-%dT%H:%M:%SZ")}
    html = env.get_template("pack_pdf.html").render(**ctx)
    # SARA AM is drawn as NIKHAHIT + SARA AA; written so, each glyph keeps its own character and the
    # copied text reads "สํา" (the same as "สำ" under NFKC, as Thai PDF readers search), not "สา".
    html = html.replace("\u0e33", "\u0e4d\u0e32")
    key = KEY_PREFIX + hashlib.sha256((_engine_version() + html).encode("utf-8")).hexdigest()
    return html.replace("__PACK_KEY__", key)


def pdf_bytes(html: str, previous: Path | None = None, rel: str = "") -> bytes:
    """The PDF of pack_pdf.html; the previous build's file when it was made from the same HTML."""
    key = html.split('name="keywords" content="', 1)[1].split('"', 1)[0]
    old = _previous(previous / rel) if previous is not None and rel else None
    if old is not None and old[0] == key:
        return old[1]
    from weasyprint import HTML

    return HTML(string=html, base_url=FONTS.as_uri() + "/").write_pdf()


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


def files(env, site: model.Site, epoch: int | None, previous: Path | None = None) -> list[tuple[str, bytes]]:
    views = Views(site)
    out = []
    for year in years_with_items(site):
        rel = urls.pack_pdf(year.number)
        out.append((rel, pdf_bytes(pdf_html(env, views, year, epoch), previous, rel)))
    return out
