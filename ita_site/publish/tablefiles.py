"""Table items beside their page: one CSV and one XLSX with every period (o11-2569.csv, o11-2569.xlsx).

The spreadsheets hold every period in order, with a period column; an empty period is one row with the
sentence that says it had none. Every text cell goes through spreadsheet.neutral, which neutralises spreadsheet
formulas (a cell that starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe), so a
supplier name such as "=HYPERLINK(...)" is shown as text, never run, when the file is opened.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from ita_site import spreadsheet, urls
from ita_site.publish import csvfile, itas


def cell_text(value) -> str:
    """A text cell as it may be written into a spreadsheet: formulas become plain text."""
    return spreadsheet.neutral(str(value))


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
    return csvfile.csv_bytes([cell_text(h) for h in header],          # BOM, CRLF, formulas neutralised
                             ([v.isoformat() if isinstance(v, date) else v if isinstance(v, (int, float))
                               else cell_text(v) for v in row] for row in rows))


def xlsx_bytes(item, epoch: int | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

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


def files(site, ctx) -> list[tuple[str, bytes]]:
    """(output path, bytes) of every table item's CSV and XLSX (ctx.epoch: the XLSX's time)."""
    return [(urls.table_file(item.year, item.code, ext), make(item))
            for item in site.items() if item.table is not None
            for ext, make in (("csv", csv_bytes), ("xlsx", lambda i: xlsx_bytes(i, ctx.epoch)))]
