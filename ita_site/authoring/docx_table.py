"""Read a measures table from a Word .docx file (python-docx).

The first table that has a header row ตัวชี้วัด | มาตรการ | ขั้นตอน/วิธีการ | ผลการดำเนินการ… is used;
repeated header rows are skipped. In a cell, each Word paragraph is an entry; inside a paragraph,
lines (soft line breaks) that start with a number ("๑." "2.") or a bullet ("- ") start new entries and
other lines continue the entry before them. The caption is the block of non-empty paragraphs right
before the table.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ita_site.authoring.importer import (
    HEADER_PREFIXES,
    NO_TABLE_HINT,
    ParsedIndicator,
    ParsedTable,
    is_header_row,
    split_title,
)
from ita_site.thai import strip_list_marker

_MARKER_RE = re.compile(r"^\s*(?:\(?[0-9๐-๙]{1,3}[.)]|[-–—•·▪◦*])\s+")


def _open(path: Path):
    try:
        import docx  # python-docx
    except ImportError:  # pragma: no cover - depends on the installation
        raise ValueError("ต้องติดตั้ง python-docx เพื่ออ่านไฟล์ .docx (pip install python-docx)"
                         " / python-docx is needed to read .docx files") from None
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ValueError(f"เปิดไฟล์ Word {path} ไม่ได้ (cannot open the Word file {path}): {exc}") from None


def _row_cells(row) -> list:
    """The row's distinct cells (horizontally merged cells appear once)."""
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def cell_entries(cell) -> list[str]:
    """Entries of one cell: paragraphs, split again at numbered or bulleted lines."""
    entries: list[str] = []
    for paragraph in cell.paragraphs:
        current: list[str] = []
        for line in paragraph.text.split("\n"):
            if not line.strip():
                continue
            if _MARKER_RE.match(line) and current:
                entries.append(" ".join(current))
                current = []
            current.append(line.strip())
        if current:
            entries.append(" ".join(current))
    return [strip_list_marker(entry) for entry in entries if strip_list_marker(entry)]


def _title(cell) -> str:
    return " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


def _table_indicators(table) -> list[ParsedIndicator] | None:
    rows = [_row_cells(row) for row in table.rows]
    header_at = next((i for i, cells in enumerate(rows)
                      if is_header_row([c.text for c in cells])), None)
    if header_at is None:
        return None
    indicators: list[ParsedIndicator] = []
    for cells in rows[header_at + 1:]:
        texts = [c.text for c in cells]
        if is_header_row(texts) or not any(t.strip() for t in texts):
            continue
        if len(cells) != len(HEADER_PREFIXES):
            raise ValueError(f"แถวในตารางต้องมี ๔ ช่อง แต่พบ {len(cells)} ช่อง"
                             f" / a table row must have 4 cells, found {len(cells)}")
        number, title = split_title(_title(cells[0]), len(indicators) + 1)
        indicators.append(ParsedIndicator(number, title, cell_entries(cells[1]),
                                          cell_entries(cells[2]), cell_entries(cells[3])))
    return indicators


def parse_docx(path: Path) -> ParsedTable:
    """ParsedTable from the first measures table in the document; ValueError if there is none."""
    from docx.table import Table

    document = _open(path)
    block: list[str] = []  # the last run of non-empty paragraphs
    gap = False
    for element in document.iter_inner_content():
        if not isinstance(element, Table):
            text = element.text.strip()
            if text:
                block = [text] if gap else block + [text]
            gap = not text
            continue
        indicators = _table_indicators(element)
        if indicators:
            return ParsedTable(" ".join(block), indicators)
        block = []
    raise ValueError(f"ไม่พบตารางตัวชี้วัดในไฟล์ {path} (no measures table found in {path}). {NO_TABLE_HINT}")
