"""What an assessor is told about each catalogue item: has / has not (มี/ไม่มี), its evidence, its note.

The same rules feed the ITAS sheet (publish/itas.py) and the assessor's pack (pages/pack.py), so the
sheet and the pack can never disagree. Built on coverage.py's statuses and period rules.
"""

from __future__ import annotations

from ita_site import thai, urls
from ita_site.model import coverage, site as model

HAS, HAS_NOT = "มี", "ไม่มี"


def has(row: coverage.Row) -> bool:
    """มี, following the period rules: published, or out of period with some evidence inside the period.

    An empty item, or one whose every dated document falls outside its period, is ไม่มี.
    """
    if row.status == coverage.PUBLISHED:
        return True
    if row.status != coverage.OUT_OF_PERIOD or row.item is None:
        return False
    return len(coverage.dated_documents(row.item)) > len(row.outside)


def evidence(item: model.Item) -> list:
    """Every evidence entry of an item, each URL once: its documents, then its indicators' results, then
    a table item's rows as the CSV and XLSX published beside its page."""
    seen: dict[str, object] = {}
    entries = [*item.documents, *(ev for ind in item.indicators for result in ind.results
                                  for ev in (*result.attachments, *result.links)), *table_files(item)]
    for entry in entries:
        if entry is not None:
            seen.setdefault(entry.url, entry)
    return list(seen.values())


def table_files(item: model.Item) -> list[model.Link]:
    """The spreadsheets of a table item with periods (the form's PDF + XLSX pair asks for them)."""
    if item.table is None or not item.table.periods:
        return []
    return [model.Link(f"{item.table.caption} ({ext.upper()})", urls.table_file(item.year, item.code, ext), None)
            for ext in ("csv", "xlsx")]


def generated_note(site: model.Site, year: model.Year, row: coverage.Row) -> str:
    """Where the item sits on the main website, in one Thai sentence."""
    num = lambda value: thai.to_digits(value, site.digits)  # noqa: E731
    item = row.item
    text = (f"ข้อ {row.code} {row.title} เผยแพร่บนเว็บไซต์หลักของ{site.agency} ({site.main_site}) "
            f"ในส่วนการเปิดเผยข้อมูลสาธารณะ (OIT) ปีงบประมาณ พ.ศ. {num(year.number)}")
    if row.group_title:
        text += f" หัวข้อ {num(row.group_code)} {row.group_title}"
    text += f" ที่ {urls.absolute(site.base_url, item.url)}"
    count = len(evidence(item))
    if count:
        text += f" มีเอกสารหลักฐาน {num(count)} รายการ"
    if item.indicators:
        text += f" และรายงานแยกตามตัวชี้วัด {num(len(item.indicators))} ตัวชี้วัด"
    return text
