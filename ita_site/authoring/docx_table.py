"""Read a measures table from a Word .docx file (python-docx), whether Word or LibreOffice wrote it.

Every table of the document that has a header row ตัวชี้วัด | มาตรการ | ขั้นตอน/วิธีการ | ผลการดำเนินการ…
is read, in order, so a table split across pages or sections (its header row repeated, or not) loses
nothing; a 4-column table without a header right after a measures table continues it. Repeated header
rows and empty rows are skipped; a row whose indicator cell is merged with the row above continues
that indicator; horizontally merged cells count once.

In a cell, each Word paragraph is an entry. Paragraphs of a bulleted Word list that follow an entry
become a Markdown list inside it (as `<p>…</p><ul>…</ul>` does in the text format); items of a
numbered list are entries. Inside a paragraph, lines (soft line breaks) that start with a number
("๑." "2.") or a bullet ("- ") start new entries; other lines stay lines of the entry before them.
The caption is the block of non-empty paragraphs right before the first measures table.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ita_site.authoring.table import (
    HEADER_PREFIXES,
    LINE_BREAK,
    NO_TABLE_HINT,
    ParsedIndicator,
    ParsedTable,
    is_header_row,
    split_title,
)
from ita_site.thai import strip_list_marker

_MARKER_RE = re.compile(r"^\s*(?:\(?[0-9๐-๙]{1,3}[.)]|[-–—•·▪◦*])\s+")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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
        raise ValueError(f"เปิดไฟล์ Word {path} ไม่ได้ ไฟล์อาจเสียหรือไม่ใช่ .docx: บันทึกใหม่จาก Word"
                         f" หรือ LibreOffice เป็น .docx แล้วลองอีกครั้ง / cannot open the Word file {path}"
                         f" ({exc}): save it again as .docx and retry") from None


def _row_cells(row) -> list:
    """The row's distinct cells (horizontally merged cells appear once)."""
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


# ---------------------------------------------------------------- lists inside cells

class _Numbering:
    """Whether a paragraph is an item of a bulleted or a numbered Word list."""

    def __init__(self, document):
        self.formats: dict[tuple[str, str], str] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(_W + "abstractNumId"): a for a in numbering.iter(_W + "abstractNum")}
        for num in numbering.iter(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            node = abstract.get(ref.get(_W + "val")) if ref is not None else None
            for lvl in node.iter(_W + "lvl") if node is not None else ():
                fmt = lvl.find(_W + "numFmt")
                self.formats[(num.get(_W + "numId"), lvl.get(_W + "ilvl"))] = (
                    fmt.get(_W + "val") if fmt is not None else "decimal")

    def kind(self, paragraph) -> str | None:
        """"bullet", "number" or None."""
        num_pr = _num_pr(paragraph._p.pPr)
        style = paragraph.style
        while num_pr is None and style is not None:
            num_pr = _num_pr(style.element.pPr)
            style = style.base_style
        if num_pr is None:
            return None
        num_id = num_pr.find(_W + "numId")
        ilvl = num_pr.find(_W + "ilvl")
        num = num_id.get(_W + "val") if num_id is not None else None
        if num in (None, "0"):
            return None
        fmt = self.formats.get((num, ilvl.get(_W + "val") if ilvl is not None else "0"), "decimal")
        return "bullet" if fmt in ("bullet", "none") else "number"


def _num_pr(p_pr):
    return p_pr.find(_W + "numPr") if p_pr is not None else None


def _lines(text: str) -> list[str]:
    """A paragraph's entries: its lines, new entries at numbered or bulleted lines."""
    entries: list[list[str]] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if _MARKER_RE.match(line) or not entries:
            entries.append([])
        entries[-1].append(line.strip())
    return [LINE_BREAK.join(lines) for lines in entries]


def cell_entries(cell, numbering: _Numbering | None = None) -> list[str]:
    """Entries of one cell (Markdown strings)."""
    entries: list[str] = []
    sublist = False   # the last entry already ends with a Markdown list
    for paragraph in cell.paragraphs:
        kind = numbering.kind(paragraph) if numbering else None
        for text in _lines(paragraph.text):
            text = strip_list_marker(text)
            if not text:
                continue
            if kind == "bullet" and entries:
                entries[-1] += ("\n" if sublist else "\n\n") + "- " + text.replace("\n", "\n  ")
                sublist = True
            else:
                entries.append(text)
                sublist = False
    return entries


def _title(cell) -> str:
    return " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


# ---------------------------------------------------------------- tables

def _table_rows(table, continuing: bool) -> list[list] | None:
    """Body rows of a measures table (header rows dropped); None if it is not one."""
    rows = [_row_cells(row) for row in table.rows]
    header_at = next((i for i, cells in enumerate(rows) if is_header_row([c.text for c in cells])), None)
    if header_at is None:
        if not (continuing and rows and all(len(cells) == len(HEADER_PREFIXES) for cells in rows)):
            return None
        header_at = -1
    return [cells for cells in rows[header_at + 1:]
            if not is_header_row([c.text for c in cells]) and any(c.text.strip() for c in cells)]


def _add_row(indicators: list[ParsedIndicator], cells: list, previous: list | None, numbering) -> None:
    if len(cells) != len(HEADER_PREFIXES):
        texts = " | ".join(_title(c)[:30] for c in cells)
        raise ValueError(f"แถวในตารางต้องมี ๔ ช่อง แต่พบ {len(cells)} ช่อง ({texts}): แยกหรือรวมช่องให้ได้"
                         f" ๔ ช่อง / a table row must have 4 cells, found {len(cells)}: split or merge cells")
    columns = [cell_entries(c, numbering) for c in cells[1:]]
    if previous is not None and indicators and cells[0]._tc is previous[0]._tc:   # merged down
        target = indicators[-1]
        for name, cell, before, entries in zip(("measures", "steps", "results"), cells[1:], previous[1:], columns):
            if cell._tc is not before._tc:
                getattr(target, name).extend(entries)
        return
    number, title = split_title(_title(cells[0]), len(indicators) + 1)
    indicators.append(ParsedIndicator(number, title, *columns))


def parse_docx(path: Path) -> ParsedTable:
    """ParsedTable from every measures table of the document; ValueError if there is none."""
    from docx.table import Table

    document = _open(path)
    numbering = _Numbering(document)
    block: list[str] = []  # the last run of non-empty paragraphs
    caption: str | None = None
    gap = False
    indicators: list[ParsedIndicator] = []
    continuing = False     # the last block element was a measures table (or only blank paragraphs since)
    for element in document.iter_inner_content():
        if not isinstance(element, Table):
            text = element.text.strip()
            if text:
                block = [text] if gap else block + [text]
                continuing = False
            gap = not text
            continue
        rows = _table_rows(element, continuing)
        if rows is None:
            block, continuing = [], False
            continue
        if caption is None:
            caption = " ".join(block)
        previous = None
        for cells in rows:
            _add_row(indicators, cells, previous, numbering)
            previous = cells
        continuing = True
    if not indicators:
        raise ValueError(f"ไม่พบตารางตัวชี้วัดในไฟล์ {path} (no measures table found in {path}). {NO_TABLE_HINT}")
    return ParsedTable(caption or "", indicators)
