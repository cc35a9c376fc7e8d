"""Page views of coverage (model/coverage.py): the public OIT index of a year and the webmasters'
coverage report /report/<fy>/ (noindex, unlinked, not in the sitemap).
"""

from __future__ import annotations

from collections.abc import Iterator

from ita_site import urls
from ita_site.model import site as model
from ita_site.content.catalogue import UNCONFIRMED
from ita_site.model.coverage import LABELS, PUBLISHED, STATUSES, Row, rule_text, year_coverage
from ita_site.pages.views import Later, PageView, Views


def _group_id(code: str) -> str:
    return "group-" + ("".join(c if c.isalnum() else "-" for c in code).lower() or "items")


def index_view(views: Views, year: model.Year) -> dict:
    """Context of the public OIT index of a year: every catalogue item in order, grouped."""
    cov = year_coverage(year)
    groups = []
    for code, title, rows in cov.groups():
        groups.append({"id": _group_id(code), "code": views.num(code), "title": title or "รายการที่เผยแพร่",
                       "items": [{"code": row.code, "title": row.title,
                                  "href": urls.relative(year.url, row.item.url) if row.item else "",
                                  "updated": views.date(row.item.updated) if row.item else None}
                                 for row in rows]})
    published = sum(1 for row in cov.rows if row.item)
    cat = cov.catalogue
    return {"number": views.num(year.number), "groups": groups,
            "catalogue": views.num(cat.title) if cat else "",
            "published": views.num(published), "total": views.num(len(cov.rows))}


def report_pages(views: Views) -> Iterator[Later]:
    for year in views.site.years:
        yield Later(report_page, views, year)       # made by the worker that renders it (parallel.py)


def report_page(views: Views, year: model.Year) -> PageView:
    url = urls.report(year.number)
    cov = year_coverage(year)
    title = f"รายงานความครบถ้วน OIT {views.year_title(year.number)}"
    ctx = views.base(url, title, [], f"{title} (coverage report, for webmasters)")
    ctx["page"]["search"] = {**ctx["page"].get("search", {}), "index": False}   # not in site search
    groups = [{"id": _group_id(code), "code": views.num(code), "title": gtitle or "รายการที่เผยแพร่",
               "rows": [_report_row(views, url, cov.year, row) for row in rows]}
              for code, gtitle, rows in cov.groups()]
    csv_name, xlsx_name = urls.itas_files(year.number)
    ctx["report"] = {
        "year": views.num(year.number),
        "summary": f"เผยแพร่ {views.num(cov.count(PUBLISHED))} จาก {views.num(len(cov.rows))} รายการ",
        "catalogue": f"{cov.catalogue.id}: {cov.catalogue.title}" if cov.catalogue else "",
        "provisional": bool(cov.catalogue and cov.catalogue.provisional),
        "unconfirmed": {"th": UNCONFIRMED[0], "en": UNCONFIRMED[1],
                        "count": views.num(sum(1 for row in cov.rows if not row.confirmed)),
                        "any": any(not row.confirmed for row in cov.rows)},
        "counts": [{"status": s, "th": LABELS[s][0], "en": LABELS[s][1], "count": views.num(cov.count(s))}
                   for s in STATUSES],
        "groups": groups, "index": urls.relative(url, year.url),
        "itas": {"csv": urls.relative(url, csv_name), "xlsx": urls.relative(url, xlsx_name)},
        "pack": {"page": urls.relative(url, urls.pack(year.number)),
                 "pdf": urls.relative(url, urls.pack_pdf(year.number))} if year.items else None,
    }
    return PageView(url, "report.html", ctx, in_sitemap=False, linked=False)


def _report_row(views: Views, url: str, fy: int, row: Row) -> dict:
    th, en = LABELS[row.status]
    return {"code": row.code, "title": row.title, "status": row.status, "th": th, "en": en,
            "confirmed": row.confirmed,
            "href": urls.relative(url, row.item.url) if row.item else "",
            "period": rule_text(row.period, fy, views.d),
            "outside": [{"title": d.title, "date": views.date(d.date)} for d in row.outside]}
