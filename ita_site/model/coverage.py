"""Coverage of the OIT catalogue: is every item of a fiscal year published, and is its evidence current?

Each catalogue item of a year gets one status:

- ``published``      the item has a page with documents, a body or indicators, and no dated document
                     falls outside the item's period rule;
- ``missing``        no content/<year>/<code>/item.yaml: the year page shows "ยังไม่เผยแพร่";
- ``empty``          the item has a page but no documents, no body and no indicators;
- ``unfilled``       its evidence is only the "[กรอก] …" placeholders `ita-site new` wrote: no documents,
                     no body of its own, and every result of its indicators a placeholder without files
                     or links (ITAS: ไม่มี; `report --strict` fails);
- ``out-of-period``  a dated document (item documents and the evidence of its indicators) falls outside
                     the period rule of periods.py. A document carries one date, so a span rule is judged
                     by that date; for ``plan-covering`` a plan dated after the fiscal year is out of period.

Used by `ita-site report` (text), the webmaster page /report/<fy>/ (noindex, unlinked, not in the
sitemap) and the public OIT index page of each year (/<fy>/).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ita_site import periods, thai, urls
from ita_site.content.catalogue import UNCONFIRMED
from ita_site.model import site as model

PUBLISHED, MISSING, EMPTY, OUT_OF_PERIOD = "published", "missing", "empty", "out-of-period"
UNFILLED = "unfilled"
STATUSES = (PUBLISHED, MISSING, EMPTY, UNFILLED, OUT_OF_PERIOD)
LABELS = {PUBLISHED: ("เผยแพร่แล้ว", "published"), MISSING: ("ยังไม่เผยแพร่", "missing"),
          EMPTY: ("ไม่มีเนื้อหา", "empty"), UNFILLED: ("ยังไม่กรอก", "unfilled"),
          OUT_OF_PERIOD: ("เอกสารนอกช่วงเวลา", "out of period")}
PLACEHOLDER = "[กรอก]"      # what `ita-site new` writes where the webmaster's text goes (scaffold.FILL)


@dataclass(frozen=True)
class Dated:
    """A dated document of an item that its period rule does not accept."""

    title: str
    date: date


@dataclass
class Row:
    code: str
    title: str
    group_code: str
    group_title: str
    period: str
    status: str
    item: model.Item | None = None
    outside: list[Dated] = field(default_factory=list)
    confirmed: bool = True              # the catalogue's title is confirmed (catalogue.UNCONFIRMED otherwise)


@dataclass
class YearCoverage:
    year: int
    catalogue: object          # catalogue.Catalogue or None
    rows: list[Row]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def complete(self) -> bool:
        return all(row.status == PUBLISHED for row in self.rows)

    def summary(self) -> str:
        done, total = self.count(PUBLISHED), len(self.rows)
        return f"เผยแพร่ {done} จาก {total} รายการ ({done} of {total} published)"

    def groups(self) -> list[tuple[str, str, list[Row]]]:
        out: list[tuple[str, str, list[Row]]] = []
        for row in self.rows:
            if not out or out[-1][0] != row.group_code:
                out.append((row.group_code, row.group_title, []))
            out[-1][2].append(row)
        return out


def year_coverage(year: model.Year) -> YearCoverage:
    items = {item.code: item for item in year.items}
    cat = year.oit
    rows = []
    if cat is not None:
        for entry in cat.items:
            item = items.get(entry.code)
            row = _row(year.number, entry.code, item.title if item else entry.title,
                       entry.group_code, entry.group_title, entry.period, item)
            row.confirmed = entry.confirmed
            rows.append(row)
    else:  # no catalogue known for this year: judge what is published, with no date condition
        rows = [_row(year.number, item.code, item.title, "", "", "any", item) for item in year.items]
    return YearCoverage(year.number, cat, rows)


def _row(fy, code, title, group_code, group_title, period, item) -> Row:
    row = Row(code, title, group_code, group_title, period, MISSING, item)
    if item is None:
        return row
    if not (item.documents or item.body.strip() or item.indicators or (item.table and item.table.periods)):
        row.status = EMPTY
        return row
    if only_placeholders(item):
        row.status = UNFILLED
        return row
    row.outside = [d for d in dated_documents(item) if not accepts(period, fy, d.date)]
    row.status = OUT_OF_PERIOD if row.outside else PUBLISHED
    return row


def is_placeholder(text: str) -> bool:
    return text.lstrip().startswith(PLACEHOLDER)


def only_placeholders(item: model.Item) -> bool:
    """True when the item's evidence is nothing but placeholders (and there is at least one)."""
    if item.documents or (item.body.strip() and not is_placeholder(item.body)):
        return False
    results = [r for ind in item.indicators for r in ind.results]
    if any(r.attachments or r.links or not is_placeholder(r.text) for r in results):
        return False
    return bool(results) or is_placeholder(item.body)


def dated_documents(item: model.Item) -> list[Dated]:
    """Every dated document of an item: its documents, then its indicators' evidence, then a table item's
    periods (each dated by its first day: a month or fiscal quarter lies wholly inside a rule's bounds
    exactly when its first day does, as every bound starts and ends with a month)."""
    found = [Dated(doc.title, doc.date) for doc in item.documents if doc is not None and doc.date]
    for ind in item.indicators:
        for result in ind.results:
            for ev in (*result.attachments, *result.links):
                if ev is not None and ev.date:
                    found.append(Dated(ev.title, ev.date))
    for period in (item.table.periods if item.table is not None else ()):
        year, month = period.sort_key
        found.append(Dated(f"งวด {period.label()} (rows/{period.rel.rsplit('/', 1)[-1]})",
                           date(year - periods.BE_OFFSET, month, 1)))
    return found


def accepts(rule: str, fy: int, day: date) -> bool:
    if rule == "plan-covering":            # one date cannot show a span: only a later plan surely fails
        return day <= periods.fiscal_year_bounds(fy)[1]
    return periods.in_period(rule, fy, day)


def rule_text(rule: str, fy: int, digits: str = "arabic") -> str:
    bounds = periods.period_bounds(rule, fy)
    label = periods.period_label(rule)
    if bounds is None:
        return label
    start, end = (thai.thai_date(d, digits, style="short") for d in bounds)
    return f"{label} {start} – {end}"


# --- text report (ita-site report) ---------------------------------------------------------------
def report_text(cov: YearCoverage, base_url: str) -> str:
    cat = cov.catalogue
    head = f"ปีงบประมาณ พ.ศ. {cov.year} (fiscal year {cov.year})"
    lines = [head + (f" · บัญชีรายการ (catalogue) {cat.id}: {cat.title}" if cat else
                     " · ไม่มีบัญชีรายการ (no catalogue): แสดงเฉพาะรายการที่เผยแพร่")]
    if cat is not None and cat.provisional:
        lines.append(f"  คำเตือน: บัญชีรายการนี้เป็นฉบับชั่วคราว ยังไม่มีบัญชีทางการของปี {cov.year} "
                     f"(warning: provisional catalogue, no official list for {cov.year} yet)")
    width = max((len(row.code) for row in cov.rows), default=3)
    for row in cov.rows:
        th, en = LABELS[row.status]
        where = f"  {urls.absolute(base_url, row.item.url)}" if row.item else ""
        lines.append(f"  {row.code:<{width}}  {th} ({en}): {row.title}{where}")
        if not row.confirmed:
            lines.append(f"  {'':<{width}}    ! {UNCONFIRMED[0]} ({UNCONFIRMED[1]})")
        for doc in row.outside:
            lines.append(f"  {'':<{width}}    - {doc.title} ลงวันที่ (dated) {doc.date.isoformat()}"
                         f" ไม่อยู่ในช่วง (outside) {rule_text(row.period, cov.year)}")
    counts = ", ".join(f"{LABELS[s][0]} {cov.count(s)} ({LABELS[s][1]})" for s in STATUSES[1:])
    lines.append(f"{cov.summary()}; {counts}")
    unsure = sum(1 for row in cov.rows if not row.confirmed)
    if unsure:
        lines.append(f"ชื่อรายการที่ยังไม่ยืนยัน {unsure} รายการ: ตรวจกับคู่มือ ITA "
                     f"({unsure} title(s) not confirmed: check them against the ITA manual)")
    return "\n".join(lines)
