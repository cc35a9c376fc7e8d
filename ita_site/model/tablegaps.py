"""The periods a table item lacks or should not hold (model/tables.py reads them; this judges them).

- a month between the first and the last with no file is a warning: the page must say there was none;
- a period outside the item's fiscal year and the year before (a previous-fy item's evidence) is a
  warning: no period rule accepts it, so it belongs to another year's item. Such a period is shown as
  written, but asks for no missing months around it.
"""

from __future__ import annotations

from ita_site import thai
from ita_site.errors import Problems


def fiscal_year(period_id: str) -> int:
    """2568-10 -> 2569 (October starts the next fiscal year); 2569-q1 -> 2569."""
    year, part = period_id.split("-")
    return int(year) + (not part.startswith("q") and int(part) >= 10)


def check(doc, table, problems: Problems) -> None:
    fy = int(doc.parts[0])
    inside = [p for p in table.periods if fiscal_year(p.id) in (fy - 1, fy)]
    for period in (p for p in table.periods if p not in inside):
        problems.add(period.rel, 1, 1, f"งวด {period.label()} อยู่นอกปีงบประมาณ {fy} และปีก่อนหน้า",
                     f"period {period.id} lies outside fiscal years {fy - 1}-{fy}",
                     f"ย้ายไฟล์ไปไว้ในรายการของปีงบประมาณ {fiscal_year(period.id)} หรือแก้ชื่อไฟล์ / move it to "
                     f"the item of fiscal year {fiscal_year(period.id)}, or fix its name", severity="warning")
    _gaps(doc, table, [p.sort_key for p in inside if "q" not in p.id], problems)


def _gaps(doc, table, months: list[tuple[int, int]], problems: Problems) -> None:
    """A month between the first and last with no file: the page must say there was none, not stay silent."""
    if not months:
        line, col = doc.positions.of(("table",))
        if not table.periods:
            problems.add(doc.rel, line, col, "ตารางนี้ยังไม่มีข้อมูลงวดใดเลย (ไม่มีไฟล์ในโฟลเดอร์ rows/)",
                         "this table has no period yet (no file in rows/)",
                         "เพิ่มไฟล์ rows/<ปี พ.ศ.>-<เดือน>.csv หรือนำเข้าด้วย ita-site import rows / add one",
                         severity="warning")
        return
    have, (year, month) = set(months), months[0]
    while (year, month) < months[-1]:
        if (year, month) not in have:
            line, col = doc.positions.of(("table",))
            problems.add(doc.rel, line, col, f"ไม่มีไฟล์ของเดือน {thai.MONTHS_FULL[month - 1]} {year} (rows/{year}-{month:02d}.csv)",
                         f"no file for {year}-{month:02d}: a month with nothing must say so",
                         f"ถ้าเดือนนั้นไม่มีรายการ ให้สร้าง rows/{year}-{month:02d}.csv ที่มีแต่หัวตาราง (หรือ rows: [] ใน YAML) "
                         f"หน้าเว็บจะแสดงข้อความว่าไม่มี / add an empty file for it", severity="warning",
                         rank=year * 12 + month)          # listed in calendar order, not by the months' names
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
