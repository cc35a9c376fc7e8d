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

from ita_site import digest, thai, urls
from ita_site.model import coverage, evidence as rules, pdfinfo, site as model
from ita_site.pages.views import Later, PageView, Views

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
        has = rules.has(row)
        rows.append({
            "code": row.code, "title": row.title, "has": rules.HAS if has else rules.HAS_NOT, "has_flag": has,
            "status": coverage.LABELS[row.status][0], "status_en": coverage.LABELS[row.status][1],
            "period": coverage.rule_text(row.period, year.number, views.d),
            "url": urls.absolute(site.base_url, item.url) if item else "",
            "href": link(item.url) if item else "",
            "updated": views.date(item.updated) if item else None,
            "note": (item.note or rules.generated_note(site, year, row)) if item else "",
            "evidence": [_evidence(views, link, entry) for entry in rules.evidence(item)] if item else [],
        })
    csv_name, xlsx_name = urls.itas_files(year.number)
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


