"""Table items on the page and beside it: the accessible table of each period, and one CSV and XLSX.

Each period gets its own table (caption, column headers with scope, the row number as a row header, a
totals row for amounts and counts, `data-label` so that phones show the rows stacked), or, when it has no
rows, the sentence that says so ("ไม่มีการจัดซื้อจัดจ้าง"). The spreadsheets hold every period in order,
with a period column; an empty period is one row with the same sentence.

Every text cell goes through `cell_text`, which neutralises spreadsheet formulas (a cell that starts with
=, +, -, @, a tab or a carriage return gets a leading apostrophe), so a supplier name such as
"=HYPERLINK(...)" is shown as text, never run, when the file is opened.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone

from ita_site import tables, thai, urls

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TOTAL = "รวม"


def cell_text(value: str) -> str:
    """A text cell as it may be written into a spreadsheet: formulas become plain text."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


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


# ---------------------------------------------------------------- spreadsheets

def sheet_rows(item) -> tuple[list[str], list[list]]:
    """Header and rows of the spreadsheets: the period, then the columns; an empty period says so."""
    table = item.table
    header = ["งวด"] + [c.title + (" (บาท)" if c.type == "baht" else "") for c in table.columns]
    rows = []
    for period in table.periods:
        label = period.label()
        if not period.rows:
            rows.append([label, "", period.none] + [""] * (len(table.columns) - 2))
        for row in period.rows:
            rows.append([label] + [row.get(c.key, "") for c in table.columns])
    return header, rows


def csv_bytes(item) -> bytes:
    header, rows = sheet_rows(item)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([cell_text(h) for h in header])
    for row in rows:
        writer.writerow([v.isoformat() if isinstance(v, date) else v if isinstance(v, (int, float)) else cell_text(v)
                         for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")     # BOM: Excel opens Thai text correctly


def xlsx_bytes(item, epoch: int | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from ita_site import itas

    header, rows = sheet_rows(item)
    book = Workbook()
    sheet = book.active
    sheet.title = f"{item.code} {item.year}"
    sheet.append([cell_text(h) for h in header])
    for row in rows:
        sheet.append([v if isinstance(v, (int, float, date)) else cell_text(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in sheet.iter_rows(min_row=2):
        for cell, col in zip(line[1:], item.table.columns):
            if col.type == "baht":
                cell.number_format = "#,##0.00"
            elif col.type == "date":
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                cell.data_type = "s"            # text stays text (never a formula), whatever it starts with
    sheet.freeze_panes = "A2"
    when = (datetime.fromtimestamp(epoch, tz=timezone.utc).replace(tzinfo=None) if epoch is not None
            else datetime(item.updated.year, item.updated.month, item.updated.day))
    return itas.workbook_bytes(book, f"{item.code} {item.title} {item.year}", max(when, itas.ZIP_EPOCH))


def files(site, epoch: int | None):
    """(output path, bytes) of every table item's CSV and XLSX."""
    for item in site.items():
        if item.table is not None:
            yield urls.table_file(item.year, item.code, "csv"), csv_bytes(item)
            yield urls.table_file(item.year, item.code, "xlsx"), xlsx_bytes(item, epoch)
