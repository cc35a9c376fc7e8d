"""Validate stage, part 2: cross-file checks while the model is put together.

Checks that need more than one file: item folders and codes agree, indicator numbers are unique in
an item, attachments exist inside content/ and are named safely, and no two sources would write the
same output path.
"""

from __future__ import annotations

from ita_site import guard, urls
from ita_site.model import collisions, rollover, site as model, sections, tables
from ita_site.model.attacher import Attacher
from ita_site.errors import Problems
from ita_site.content.load import Content, RawDoc

RESERVED_PAGES = urls.RESERVED


def assemble(content: Content, docs: list[RawDoc], problems: Problems, catalogues: dict,
             make_page=model.make_page, memo=None) -> model.Site | None:
    """Put the site together; `catalogues` maps a fiscal year to its Catalogue (titles, codes);
    `make_page` makes the model Page of a section page's document; `memo` (`ita-site serve`,
    preview/attachmemo.py) keeps the attachments whose checks passed, by all they depend on, and whole items
    in which no problem was found, while no file in their folder changed."""
    by_kind: dict[str, list[RawDoc]] = {}
    for doc in docs:
        by_kind.setdefault(doc.kind, []).append(doc)
    if not by_kind.get("site"):
        return None
    site = model.make_site(by_kind["site"][0])
    years = {year.number: year for year in site.years}
    attach = Attacher(content, problems, memo)
    before = len(problems.items)
    items = _items(by_kind.get("item", []), years, site, problems, catalogues, attach)
    _indicators(by_kind.get("indicator", []), items, problems, attach, content)
    attach.keep_items(items, problems.items[before:])    # serve: clean items are kept while their folder is
    tables.attach(by_kind.get("item", []), items, content, problems)     # rows/<period>.csv|yaml of table items
    site.years = [years[n] for n in sorted(years)]
    for year in site.years:
        year.oit = catalogues.get(year.number)
        year.catalogue = year.oit.id if year.oit else year.catalogue
    for year in site.years:
        year.items.sort(key=lambda item: model.code_key(item.code))
    rollover.link_years(site, catalogues)            # "this item in other years", by the roll-over map
    site.pages, site.sections = sections.arrange(by_kind.get("page", []), problems, _page, RESERVED_PAGES,
                                                  make_page)
    collisions.check(site, problems, attach.made)
    return site


def _items(docs, years, site, problems, catalogues, attach) -> dict[tuple[int, str], model.Item]:
    items = {}
    for doc in docs:
        year_number, folder = int(doc.parts[0]), doc.parts[1]
        code = doc.data["code"]
        if code.lower() != folder:
            line, col = doc.positions.of(("code",))
            problems.add(doc.rel, line, col, f"รหัส '{code}' ไม่ตรงกับชื่อโฟลเดอร์ '{folder}'",
                         f"code '{code}' does not match folder '{folder}'",
                         f"ตั้งชื่อโฟลเดอร์เป็น {code.lower()} หรือแก้ code เป็น {folder.upper()} / rename one of them")
            continue
        catalogue = catalogues.get(year_number)
        entry = catalogue.get(code) if catalogue else None
        if catalogue and entry is None:
            line, col = doc.positions.of(("code",))
            codes = [i.code for i in catalogue.items]
            problems.add(doc.rel, line, col, f"ไม่มีรายการ {code} ในบัญชีรายการ {catalogue.id} ของปี {year_number}",
                         f"{code} is not in the {year_number} catalogue {catalogue.id}",
                         f"รหัสที่ใช้ได้ (valid codes): {codes[0]}-{codes[-1]}" if codes else "")
            continue
        title = doc.data.get("title") or (entry.title if entry else "")
        if not title:
            problems.add(doc.rel, 1, 1, f"ไม่มีชื่อรายการ และไม่พบ {code} ในบัญชีรายการของปี {year_number}",
                         f"no title, and {code} is not in the {year_number} catalogue", "เพิ่ม title: ... / add title:")
            continue
        if year_number not in years:
            years[year_number] = model.Year(year_number, catalogue.id if catalogue else "", url=urls.year(year_number))
        item = (attach.reused(doc, title)             # serve: the last rebuild's, when its folder is unchanged
                or model.make_item(doc, year_number, title, attach.bind(doc, year_number, code)))
        years[year_number].items.append(item)
        items[(year_number, folder)] = item
    return items


def _indicators(docs, items, problems, attach, content) -> None:
    seen: dict[tuple, RawDoc] = {}
    for doc in docs:
        key = (int(doc.parts[0]), doc.parts[1])
        item = items.get(key)
        if key in attach.reused_items:       # kept with its indicators (serve): nothing of it changed
            continue
        if item is None:
            if not (content.root / doc.parts[0] / doc.parts[1] / "item.yaml").exists():
                problems.add(doc.rel, 0, 0, "โฟลเดอร์นี้ไม่มีไฟล์ item.yaml", "this item folder has no item.yaml",
                             "สร้าง item.yaml (code, title, updated) ในโฟลเดอร์เดียวกัน / add an item.yaml")
            continue
        number = doc.data["number"]
        if (key, number) in seen:
            line, col = doc.positions.of(("number",))
            problems.add(doc.rel, line, col, f"ตัวชี้วัดหมายเลข {number} ซ้ำกับไฟล์ {seen[(key, number)].rel}",
                         f"duplicate indicator number {number}, also in {seen[(key, number)].rel}",
                         "ให้แต่ละไฟล์มี number ไม่ซ้ำกัน / give each file its own number")
            continue
        seen[(key, number)] = doc
        item.indicators.append(attach.indicator(doc, item))
    for key, item in items.items():
        if key not in attach.reused_items:
            item.indicators.sort(key=lambda ind: ind.number)


def _page(doc: RawDoc, problems: Problems) -> model.Page:
    page = model.make_page(doc)
    if page.name in RESERVED_PAGES:
        problems.add(doc.rel, 0, 0, f"ชื่อหน้า '{page.name}' สงวนไว้สำหรับระบบ", f"page name '{page.name}' is reserved",
                     "เปลี่ยนชื่อไฟล์ / rename the file")
    elif guard.segment_problem(page.name):
        problems.add(doc.rel, 0, 0, f"ชื่อหน้า '{page.name}' เป็นชื่อที่ Windows สงวนไว้ เว็บเซิร์ฟเวอร์บน Windows เก็บไม่ได้",
                     f"page name '{page.name}' is reserved on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9)",
                     f"เปลี่ยนชื่อไฟล์ เช่น {page.name}-info.md / rename the file, e.g. {page.name}-info.md")
    return page
