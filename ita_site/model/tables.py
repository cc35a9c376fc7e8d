"""Table items: an item whose evidence is a table, kept as rows in one CSV or YAML file per period.

    content/2569/o11/item.yaml          table: {kind: procurement}
    content/2569/o11/rows/2568-10.csv   the rows of October 2568 (BE year and month)
    content/2569/o11/rows/2568-11.yaml  the same as YAML (rows: [...]); `rows: []` or a CSV with only its
                                        header row says that month had none ("ไม่มีการจัดซื้อจัดจ้าง")
    content/2569/o18/rows/2569-q1.csv   a fiscal quarter (q1 = Oct-Dec)

The columns of each kind are declared once, in schemas/rows-<kind>.schema.json: the editor completes a YAML
row file from it, and the build checks every row (CSV rows too) against it, with the file, line and column
of each wrong cell. A CSV header may use the column key, its Thai title or a known alias of the agency
forms (สขร.1), so a sheet agencies already keep can be imported as it is (importrows.py).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ita_site import thai
from ita_site.content import schema, source, validate, yamldoc
from ita_site.content.load import RawDoc
from ita_site.content.yamldoc import Positions
from ita_site.errors import Problems
from ita_site.model import tablegaps

PERIOD_FILE = re.compile(r"^(25[0-9]{2})-(0[1-9]|1[0-2]|q[1-4])\.(csv|ya?ml)$")
KINDS = ("procurement", "complaints")


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    type: str                 # text | baht | count | no | date
    total: bool
    names: tuple[str, ...]    # what a CSV header may call it: key, Thai title, aliases


@dataclass
class Period:
    id: str                   # 2568-10 | 2569-q1
    rows: list[dict]
    none: str                 # the statement shown when rows is empty
    note: str
    rel: str

    @property
    def sort_key(self) -> tuple[int, int]:
        year, part = self.id.split("-")
        if part.startswith("q"):        # fiscal quarter n of FY year starts in month 10 + 3(n-1) of year-1
            start = 10 + 3 * (int(part[1]) - 1)
            return (int(year) - 1, start) if start <= 12 else (int(year), start - 12)
        return int(year), int(part)

    def label(self, digits: str = "arabic") -> str:
        year, part = self.id.split("-")
        if part.startswith("q"):
            return thai.to_digits(f"ไตรมาสที่ {part[1]} ปีงบประมาณ พ.ศ. {year}", digits)
        return thai.to_digits(f"{thai.MONTHS_FULL[int(part) - 1]} {year}", digits)


@dataclass
class Table:
    kind: str
    caption: str
    columns: list[Column]
    periods: list[Period] = field(default_factory=list)


@lru_cache(maxsize=None)
def spec(kind: str) -> dict:
    return schema.load(f"rows-{kind}")


@lru_cache(maxsize=None)
def columns(kind: str) -> tuple[Column, ...]:
    found = []
    for key, prop in spec(kind)["definitions"]["row"]["properties"].items():
        kind_of = ("baht" if prop.get("x-unit") == "baht" else "date" if prop.get("format") == "date" else
                   "no" if key == "no" else "count" if prop["type"] == "integer" else "text")
        names = (key, prop["title"], *prop.get("x-aliases", ()))
        found.append(Column(key, prop["title"], kind_of, bool(prop.get("x-total")), names))
    return tuple(found)


def _norm(text: str) -> str:
    return re.sub(r"[\s()（）]+", "", str(text)).lower()


def header_map(kind: str) -> dict[str, Column]:
    return {_norm(name): col for col in columns(kind) for name in col.names}


# ---------------------------------------------------------------- loading

def attach(item_docs: list[RawDoc], items: dict, content, problems: Problems) -> None:
    """Give every item whose item.yaml has `table:` its Table, from the files in its rows/ folder."""
    content.later_docs.clear()          # made again on every assemble (serve keeps one Content)
    with_rows = _folders_with_rows(content.files)
    for doc in item_docs:
        spec_ = doc.data.get("table")
        item = items.get((int(doc.parts[0]), doc.parts[1]))
        if item is None:
            continue
        if not spec_:
            if f"{doc.parts[0]}/{doc.parts[1]}" in with_rows:
                _rows_without_table(doc, problems)
            continue
        kind = spec_["kind"]
        table = Table(kind, spec_.get("caption") or spec(kind)["x-caption"], list(columns(kind)))
        none = spec_.get("none") or spec(kind)["x-none"]
        prefix = f"{doc.parts[0]}/{doc.parts[1]}/rows/"
        for key in sorted(k for k in content.files if k.startswith(prefix)):
            rel = f"content/{key}"
            match = PERIOD_FILE.match(key[len(prefix):])
            if not match:
                problems.add(rel, 0, 0, "ชื่อไฟล์ในโฟลเดอร์ rows/ ต้องเป็นงวด เช่น 2568-10.csv หรือ 2569-q1.yaml",
                             "a file in rows/ must be named by its period, e.g. 2568-10.csv or 2569-q1.yaml",
                             "เดือน: ปี พ.ศ.-เดือน 2 หลัก; ไตรมาส: ปีงบประมาณ-q1..q4 / month: BE year-MM; quarter: FY-qN")
                continue
            period = read_period(content.files[key], rel, f"{match.group(1)}-{match.group(2)}", kind, none, problems,
                                 content.later_docs)
            if period is not None:
                table.periods.append(period)
        table.periods.sort(key=lambda p: p.sort_key)
        tablegaps.check(doc, table, problems)
        item.table = table


def _folders_with_rows(files) -> set[str]:
    """The item folders ("2569/o11") whose rows/ holds a period file: one pass over the content files."""
    found = set()
    for key in files:
        parts = key.split("/", 3)
        if len(parts) == 4 and parts[2] == "rows" and PERIOD_FILE.match(parts[3]):
            found.add(f"{parts[0]}/{parts[1]}")
    return found


def _rows_without_table(doc: RawDoc, problems: Problems) -> None:
    problems.add(doc.rel, 1, 1, "มีไฟล์แถวในโฟลเดอร์ rows/ แต่ item.yaml ไม่มี table: จึงไม่แสดงตาราง",
                 "rows/ holds period files but item.yaml has no table:, so no table is shown",
                 "เพิ่ม table: {kind: procurement} หรือ {kind: complaints} / add table: with its kind",
                 severity="warning")


def read_period(path, rel: str, period_id: str, kind: str, none: str, problems: Problems,
                checked_docs: list | None = None) -> Period | None:
    """One rows file; a valid one is added to `checked_docs` (the pipeline looks for "[กรอก]" left in it)."""
    text = source.read_text(path, rel, problems)
    if text is None:
        return None
    found = Problems()
    doc = csv_doc(text, rel, kind, found) if rel.endswith(".csv") else _yaml_doc(text, rel, kind, found)
    if doc is not None:
        checked = Problems()
        valid = validate.check_documents([doc], checked)
        if checked_docs is not None:
            checked_docs.extend(valid)
        placed = {(p.line, p.col) for p in found.items}        # a cell already reported is not reported twice
        found.extend([p for p in checked.items if (p.line, p.col) not in placed])
    problems.extend(found.items)
    if doc is None or found.errors():
        return None
    data = doc.data
    rows = [{k: (thai.parse_date(v) if col_type(kind, k) == "date" else v) for k, v in row.items()}
            for row in data["rows"]]
    return Period(period_id, rows, data.get("none", none), data.get("note", ""), rel)


def _yaml_doc(text: str, rel: str, kind: str, problems: Problems) -> RawDoc | None:
    """A YAML rows file; an empty file is a period with none. Amount and date texts are converted as in CSV."""
    parsed = yamldoc.parse(text, rel, problems)
    if parsed is None:
        return None
    doc = RawDoc(rel, f"rows-{kind}", {"rows": []} if parsed[0] is None else parsed[0], parsed[1])
    rows = doc.data.get("rows") if isinstance(doc.data, dict) else None
    if isinstance(rows, list):                 # anything else: the schema says what is wrong
        doc.data["rows"] = [_convert_row(row, kind, doc, i, problems) if isinstance(row, dict) else row
                            for i, row in enumerate(rows)]
    return doc


def col_type(kind: str, key: str) -> str:
    return next((c.type for c in columns(kind) if c.key == key), "text")


class CellPositions(Positions):
    """Positions of a CSV file: ("rows", i, key) is the cell's line and column."""

    __slots__ = ("cells",)

    def __init__(self, cells: dict[tuple, tuple[int, int]]):
        super().__init__("", 0)
        self.cells = cells

    def of(self, path: tuple, key: bool = False) -> tuple[int, int]:
        path = tuple(path)
        while path not in self.cells and path:
            path = path[:-1]
        return self.cells.get(path, (1, 1))

    def __getstate__(self):
        return self.cells

    def __setstate__(self, state) -> None:
        self.cells = state


def csv_doc(text: str, rel: str, kind: str, problems: Problems) -> RawDoc | None:
    """A CSV file as the document its schema checks: {"rows": [...]}, cells converted to their types."""
    lines = list(csv.reader(text.splitlines()))
    cells: dict[tuple, tuple[int, int]] = {}
    if not lines or not any(cell.strip() for cell in lines[0]):
        return RawDoc(rel, f"rows-{kind}", {"rows": []}, CellPositions(cells))     # an empty file: none
    names, known, keys = lines[0], header_map(kind), []
    for index, name in enumerate(names):
        col = known.get(_norm(name))
        if col is None and name.strip():
            problems.add(rel, 1, _col(names, index), f"ไม่รู้จักหัวคอลัมน์ \"{name.strip()}\"",
                         f"unknown column \"{name.strip()}\"", "ใช้หัวคอลัมน์ (use one of): "
                         + ", ".join(c.title for c in columns(kind)))
        keys.append(col.key if col else None)
    rows = []
    for number, cells_of_line in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells_of_line):
            continue
        row_index, row = len(rows), {}
        cells[("rows", row_index)] = (number, 1)
        for index, value in enumerate(cells_of_line):
            key = keys[index] if index < len(keys) else None
            if key is None or not value.strip():
                continue
            cells[("rows", row_index, key)] = (number, _col(cells_of_line, index))
            row[key] = value.strip()
        rows.append(row)
    doc = RawDoc(rel, f"rows-{kind}", {"rows": rows}, CellPositions(cells))
    doc.data["rows"] = [_convert_row(row, kind, doc, i, problems) for i, row in enumerate(rows)]
    return doc


def _col(cells: list[str], index: int) -> int:
    return sum(len(cell) + 1 for cell in cells[:index]) + 1


def _convert_row(row: dict, kind: str, doc: RawDoc, index: int, problems: Problems) -> dict:
    """Text of number and date cells to numbers and ISO dates: 1,250.50 บาท -> 1250.5; ๑๕/๑๐/๒๕๖๘ -> 2568-10-15."""
    out = {}
    for key, value in row.items():
        kind_of = col_type(kind, key)
        if isinstance(value, str) and kind_of in ("baht", "count", "no"):
            text = re.sub(r"[,\s]|บาท", "", thai.to_digits(value, "arabic"))
            try:
                number = float(text) if kind_of == "baht" else int(text)
                value = int(number) if kind_of == "baht" and number == int(number) else number
            except ValueError:
                line, col = doc.positions.of(("rows", index, key))
                what = "จำนวนเงินเป็นบาท" if kind_of == "baht" else "จำนวนเต็ม"
                problems.add(doc.rel, line, col, f"\"{value}\" ไม่ใช่{what}", f"\"{value}\" is not a number",
                             "ใส่ตัวเลขล้วน เช่น 125000.50 / digits only, e.g. 125000.50")
        elif isinstance(value, str) and kind_of == "date":
            value = _iso(value)
        out[key] = value
    return out


def _iso(value: str) -> str:
    """15/10/2568 (day/month/BE year, as agencies type it) to 2568-10-15; other forms are left for the schema."""
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", thai.to_digits(value.strip(), "arabic"))
    return f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}" if match else value


def first_month(fy: int) -> str:
    """The period id of the first month of a fiscal year (October of the year before)."""
    return f"{fy - 1}-10"


def as_date(value) -> date | None:
    return value if isinstance(value, date) else None
