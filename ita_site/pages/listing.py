"""Which pages the site has: one PageView per output page, in a fixed order."""

from __future__ import annotations

from collections.abc import Iterator

from ita_site import urls
from ita_site.model import coverage, rollover, site as model
from ita_site.pages import markup, pack, pdftext, report, sections, tableview
from ita_site.pages.views import Later, PageView, Views


def site_pages(site: model.Site) -> Iterator[PageView | Later | sections.Stub]:
    """Every page in order; those that read much of the model as Later (or sections.Stub): .make() them."""
    views = Views(site)
    yield Later(home, views)
    for year in site.years:
        yield Later(year_page, views, year)
        for item in year.items:
            yield Later(item_page, views, item)
            for index in range(len(item.indicators)):
                yield Later(indicator_page, views, item, index)
            yield from pdftext.text_pages(views, item)      # the text of each text PDF, searchable
    for page in site.pages:
        yield Later(free_page, views, page)
    yield from sections.site_views(views)
    yield accessibility_page(views)
    yield search_page(views)
    yield from pack.pages(views)                            # the assessor's pack of each year with items
    yield from report.report_pages(views)                 # webmasters' /report/<fy>/: noindex, unlinked
    yield not_found_page(views)


def _item_summary(views: Views, url: str, item: model.Item) -> dict:
    return {"code": item.code, "title": item.title, "href": urls.relative(url, item.url),
            "summary": item.summary, "updated": views.date(item.updated),
            "indicators": views.num(len(item.indicators)) if item.indicators else ""}


def home(views: Views) -> PageView:
    site = views.site
    ctx = views.base("", f"การเปิดเผยข้อมูลสาธารณะ (ITA) ของ{site.agency}", [],
                     f"ข้อมูลการเปิดเผยข้อมูลสาธารณะ (ITA) ของ{site.agency}")
    ctx["years"] = [{"title": views.year_title(y.number), "href": urls.relative("", y.url),
                     "items": [_item_summary(views, "", item) for item in y.items]}
                    for y in reversed(site.years)]
    ctx["pages"] = [{"title": p.title, "href": urls.relative("", p.url), "summary": p.summary} for p in site.pages]
    ctx["pages"] += sections.home_entries(site)
    return PageView("", "home.html", ctx)


def year_page(views: Views, year: model.Year) -> PageView:
    title = f"การเปิดเผยข้อมูลสาธารณะ (OIT) {views.year_title(year.number)}"
    ctx = views.base(year.url, title, views.crumbs((views.year_title(year.number), year.url)))
    ctx["year"] = {"items": [_item_summary(views, year.url, item) for item in year.items],
                   **report.index_view(views, year),    # every catalogue item, grouped, in order
                   "pack": pack.links(year.url, year)}
    ctx["page"]["back_to_top"] = True
    return PageView(year.url, "year.html", ctx)


def item_page(views: Views, item: model.Item) -> PageView:
    url = item.url
    title = f"{item.code} {item.title}"
    ctx = views.base(url, title, views.crumbs((views.year_title(item.year), urls.year(item.year)),
                                              (item.code, url)), item.summary)
    ctx["page"]["search"] = views.item_search(item)
    views.item_card(ctx, item)
    ctx["page"]["back_to_top"] = True
    ctx["item"] = {
        "code": item.code, "title": item.title, "caption": item.caption, "summary": item.summary,
        "updated": views.date(item.updated), "body": markup.render_markdown(item.body) if item.body else "",
        "documents": views.evidence(url, item.documents), "year": views.year_title(item.year),
        "indicators": [views.indicator_view(url, ind, f"indicator-{ind.number}-") for ind in item.indicators],
        "table": tableview.view(item, views.d) if item.table is not None else None,
        "other_years": [{**o, "year": views.num(o["year"])}
                        for o in rollover.relative_links(url, item)],
        "unfilled": coverage.only_placeholders(item),
    }
    return PageView(url, "item.html", ctx)


def indicator_page(views: Views, item: model.Item, index: int) -> PageView:
    ind = item.indicators[index]
    url = ind.url
    label = f"ตัวชี้วัดที่ {views.num(ind.number)}"
    ctx = views.base(url, f"{label} {ind.title}",
                     views.crumbs((views.year_title(item.year), urls.year(item.year)), (item.code, item.url),
                                  (label, url)), f"{item.code} {item.title}: {label} {ind.title}")
    ctx["item"] = {"code": item.code, "title": item.title, "href": urls.relative(url, item.url),
                   "updated": views.date(item.updated)}
    ctx["page"]["search"] = views.item_search(item)
    views.item_card(ctx, item)
    ctx["page"]["back_to_top"] = True
    ctx["indicator"] = views.indicator_view(url, ind, "")
    neighbours = {"prev": item.indicators[index - 1] if index > 0 else None,
                  "next": item.indicators[index + 1] if index + 1 < len(item.indicators) else None}
    ctx["pager"] = {key: {"href": urls.relative(url, n.url), "title": f"ตัวชี้วัดที่ {views.num(n.number)} {n.title}"}
                    if n else None for key, n in neighbours.items()}
    return PageView(url, "indicator.html", ctx)


def free_page(views: Views, page: model.Page) -> PageView:
    ctx = views.base(page.url, page.title, views.crumbs((page.title, page.url)), page.summary)
    ctx["page"]["back_to_top"] = True
    ctx["content"] = {"title": page.title, "body": markup.render_markdown(page.body) if page.body.strip() else "",
                      "updated": views.date(page.updated)}
    return PageView(page.url, "page.html", ctx)


def search_page(views: Views) -> PageView:
    title = "ค้นหา"
    ctx = views.base(urls.SEARCH, title, views.crumbs((title, urls.SEARCH)), f"ค้นหาข้อมูลในเว็บไซต์เปิดเผยข้อมูลของ{views.site.agency}")
    ctx["page"]["search"] = {"index": False, "meta": {}}
    ctx["search"] = {"bundle": ctx["link"](urls.SEARCH_BUNDLE + "/"), "home": ctx["link"]("")}
    return PageView(urls.SEARCH, "search.html", ctx, in_sitemap=False)


def accessibility_page(views: Views) -> PageView:
    url = urls.ACCESSIBILITY
    site = views.site
    a11y = site.accessibility
    title = "การเข้าถึงเว็บไซต์"
    ctx = views.base(url, title, views.crumbs((title, url)), f"คำชี้แจงการเข้าถึงเว็บไซต์ของ{site.agency}")
    contact = a11y.get("contact") or site.contact.get("email") or site.contact.get("phone") or ""
    ctx["a11y"] = {"standard": a11y.get("standard", "WCAG 2.2 ระดับ AA"),
                   "known_gaps": list(a11y.get("known_gaps") or []),
                   "contact": contact, "reviewed": views.date(model.optional_date(a11y.get("reviewed")))}
    return PageView(url, "accessibility.html", ctx)


def not_found_page(views: Views) -> PageView:
    # Served for any missing path, so its links are absolute paths from the base URL.
    base_path = urls.base_path(views.site.base_url)
    ctx = views.base(urls.NOT_FOUND, "ไม่พบหน้าที่ต้องการ", [], link=lambda target: base_path + target)
    ctx["page"]["search"] = {"index": False, "meta": {}}      # not in the search index
    return PageView(urls.NOT_FOUND, "404.html", ctx, in_sitemap=False)
