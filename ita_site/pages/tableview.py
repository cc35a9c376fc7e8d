"""Table items on the page: the accessible table of each period, or the sentence that says it had none.

Each period gets its own table (caption, column headers with scope, the row number as a row header, a
totals row for amounts and counts, `data-label` so that phones show the rows stacked), or, when it has no
rows, the sentence that says so ("ไม่มีการจัดซื้อจัดจ้าง"). The spreadsheets beside the page are
publish/tablefiles.py.
"""

from __future__ import annotations

from datetime import date

from ita_site import thai, urls
from ita_site.model import tables


def _number(value, col: tables.Column, digits: str) -> str:
    text = f"{value:,.2f}" if col.type == "baht" else f"{int(value):,}"
    return thai.to_digits(text, digits)


def _display(value, col: tables.Column, digits: str) -> str:
    if value is None or value == "":
        return "-"
    if col.type in ("baht", "count", "no"):
        return _number(value, col, digits)
    if isinstance(value, date):
        return thai.thai_date(value, digits)
    return str(value)


def totals(period: tables.Period, table: tables.Table) -> dict[str, float]:
    return {c.key: sum(row.get(c.key) or 0 for row in period.rows) for c in table.columns if c.total}


def view(item, digits: str) -> dict:
    """What item.html needs to show a table item: every period, its table or its "none" sentence."""
    table, page = item.table, item.url
    columns = [{"key": c.key, "title": c.title, "numeric": c.type in ("baht", "count", "no"),
                "unit": "บาท" if c.type == "baht" else ""} for c in table.columns]
    periods = []
    for period in table.periods:
        label = period.label(digits)
        sums = totals(period, table)
        periods.append({
            "id": f"period-{period.id}", "label": label, "caption": f"{table.caption} {label}",
            "empty": not period.rows, "none": period.none, "note": period.note,
            "count": thai.to_digits(len(period.rows), digits),
            "rows": [[{"text": _display(row.get(c.key), c, digits), "label": c.title,
                       "numeric": c.type in ("baht", "count", "no"),
                       "iso": row[c.key].isoformat() if isinstance(row.get(c.key), date) else ""}
                      for c in table.columns] for row in period.rows],
            "totals": [{"text": _number(sums[c.key], c, digits) if c.key in sums else "", "label": c.title,
                        "numeric": c.key in sums} for c in table.columns[1:]] if sums and period.rows else None,
        })
    return {"caption": table.caption, "columns": columns, "periods": periods,
            "csv": urls.relative(page, urls.table_file(item.year, item.code, "csv")),
            "xlsx": urls.relative(page, urls.table_file(item.year, item.code, "xlsx"))}
