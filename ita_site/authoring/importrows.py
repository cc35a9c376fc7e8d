"""`ita-site import <sheet.xlsx|.csv> --year 2569 --item o11 --period 2568-10`: rows a table item already
keeps in a spreadsheet (the สขร.1 form, complaint statistics) become content/2569/o11/rows/2568-10.csv.

The header row is found among the first rows of the sheet (agency forms put a title above it) by the column
names declared in schemas/rows-<kind>.schema.json, Thai titles and aliases included. Every row is checked
against that schema before anything is written; a problem names the sheet's own cell (e.g. `C7`).
A sheet with the header and no rows writes a file that makes the page say there was none.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import yaml

from ita_site.content import source, validate
from ita_site.errors import Problems
from ita_site.model import tables

HEADER_SEARCH = 15


class ImportError_(ValueError):
    """A refusal with every problem found (Thai and English)."""


def _letter(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def read_sheet(path: Path) -> list[list]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)   # cached values, never formulas
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    if path.suffix.lower() == ".csv":
        problems = Problems()
        text = source.read_text(path, path.name, problems)
        if text is None:
            raise ImportError_("\n".join(p.format() for p in problems.items))
        return [list(row) for row in csv.reader(text.splitlines())]
    raise ImportError_("นำเข้าแถวได้จากไฟล์ .xlsx หรือ .csv เท่านั้น (rows can be imported from .xlsx or .csv only)")


def _find_header(sheet: list[list], kind: str) -> tuple[int, list]:
    known = tables.header_map(kind)
    best = (0, -1)
    for index, row in enumerate(sheet[:HEADER_SEARCH]):
        hits = sum(1 for cell in row if cell is not None and tables._norm(cell) in known)
        best = max(best, (hits, index))
    if best[0] < 3:
        raise ImportError_("ไม่พบแถวหัวตารางใน 15 แถวแรก (no header row found in the first 15 rows); "
                           "หัวคอลัมน์ที่รู้จัก (known columns): " + ", ".join(c.title for c in tables.columns(kind)))
    row = sheet[best[1]]
    return best[1], [known.get(tables._norm(cell)) if cell is not None else None for cell in row]


def _cell(value) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return "" if value is None else str(value).strip()


def import_rows(file: Path, year: int, code: str, period: str, content: Path, force: bool = False) -> list[str]:
    folder = content / str(year) / code.lower()
    item = folder / "item.yaml"
    if not item.is_file():
        raise ImportError_(f"ยังไม่มี {item.relative_to(content.parent)}: สร้างก่อนด้วย ita-site new item {year} {code.lower()} "
                           f"(no such item yet)")
    kind = ((yaml.safe_load(item.read_text(encoding="utf-8")) or {}).get("table") or {}).get("kind")
    if kind not in tables.KINDS:
        raise ImportError_(f"{item.name} ไม่มี table: kind: (procurement หรือ complaints) (the item is not a table item)")
    if not tables.PERIOD_FILE.match(f"{period}.csv"):
        raise ImportError_(f"งวด '{period}' ใช้ไม่ได้: ใช้ ปี พ.ศ.-เดือน เช่น 2568-10 หรือ ปีงบประมาณ-q1 เช่น 2569-q1 "
                           f"(bad period; e.g. 2568-10 or 2569-q1)")
    target = folder / "rows" / f"{period}.csv"
    if target.exists() and not force:
        raise FileExistsError(f"มีไฟล์ {target.relative_to(content.parent)} อยู่แล้ว ไม่เขียนทับ ({target.name} exists; "
                              f"nothing was written)")
    sheet = read_sheet(file)
    start, columns = _find_header(sheet, kind)
    used = [(i, col) for i, col in enumerate(columns) if col is not None]
    skipped = [_cell(sheet[start][i]) for i, col in enumerate(columns) if col is None and _cell(sheet[start][i])]
    lines, origin = [[col.title for _, col in used]], {}
    for number, row in enumerate(sheet[start + 1:], start=start + 2):
        values = [_cell(row[i]) if i < len(row) else "" for i, _ in used]
        if not any(values):
            continue
        origin[len(lines) + 1] = number
        lines.append(values)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(lines)
    text = buffer.getvalue()
    _check(text, file, kind, used, origin, skipped)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w" if force else "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    notes = [f"เขียน (wrote) {target.relative_to(content.parent)}: {len(lines) - 1} แถว (rows)"]
    if len(lines) == 1:
        notes.append(f"ไม่มีแถวข้อมูล: หน้าเว็บจะแสดงว่า \"{tables.spec(kind)['x-none']}\" (no rows: the page says so)")
    if skipped:
        notes.append("ข้ามคอลัมน์ที่ไม่รู้จัก (skipped unknown columns): " + ", ".join(skipped))
    return notes


def _check(text: str, file: Path, kind: str, used: list, origin: dict, skipped: list[str]) -> None:
    """Every row against the kind's schema; problems are given in the sheet's own cells, and the header
    cells that named no known column (a missing column is often one of them under another name)."""
    found = Problems()
    doc = tables.csv_doc(text, file.name, kind, found)
    if doc is not None:
        validate.check_documents([doc], found)
    if not found.errors():
        return
    by_key = {col.key: index for index, col in used}
    messages = []
    for problem in found.errors():
        row = origin.get(problem.line, problem.line)
        key = next((k for (r, k), (line, col) in _cells(doc).items() if line == problem.line and col == problem.col), None)
        cell = f"{_letter(by_key[key])}{row}" if key in by_key else f"แถว (row) {row}"
        messages.append(f"{file.name}:{cell}: {problem.th} ({problem.en})")
    if skipped:
        messages.append("ไม่รู้จักคอลัมน์ (unknown columns): " + ", ".join(skipped) + "; หัวคอลัมน์ที่รู้จัก "
                        "(known columns): " + ", ".join(c.title for c in tables.columns(kind)))
    raise ImportError_("\n".join(messages) + "\nไม่ได้เขียนไฟล์ใด (nothing was written)")


def _cells(doc) -> dict:
    return {(path[1], path[2]): place for path, place in doc.positions.cells.items() if len(path) == 3}
