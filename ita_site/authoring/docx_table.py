"""Read a measures table from a Word .docx file (python-docx), whether Word or LibreOffice wrote it.

Every table of the document that has a header row ตัวชี้วัด | มาตรการ | ขั้นตอน/วิธีการ | ผลการดำเนินการ…
is read, in order, so a table split across pages or sections (its header row repeated, or not) loses
nothing; a 4-column table without a header right after a measures table continues it. Repeated header
rows and empty rows are skipped. The caption is the block of non-empty paragraphs right before the first
measures table, followed by the text of any rows above its header row (a title row inside the table);
such rows above a repeated header, or repeated among the rows, must repeat that text, and are skipped.

Merged cells: a merged cell's text belongs to every column and every indicator it covers, once each.
- Vertically merged (w:vMerge): an indicator cell merged with the row above continues that indicator;
  a มาตรการ/ขั้นตอน/ผล cell merged down over rows of one indicator counts once, over rows of two
  indicators it belongs to both.
- Horizontally merged (w:gridSpan, or the older w:hMerge): a cell that covers several of มาตรการ,
  ขั้นตอน/วิธีการ and ผลการดำเนินการ gives its entries to each of them (the schema asks for one entry in
  each); a cell that covers the indicator column and more gives only the title (a column left without
  text is then an error). Columns are found from the grid places of the header row's cells.
- A row of one cell (merged across the whole row, or the only cell of its row) is the title row of the
  indicator that follows ("ตัวชี้วัดที่ ๑ …", "๑. …" or a national indicator's name); any other text
  there is an error.
- A row whose indicator cell is empty continues the indicator above it, as a merged cell would.
Nothing is dropped: text that cannot be placed, or an indicator left without measures, steps or
results, is an error naming the table and the row as Word counts them (ตารางที่ 2 แถวที่ 5).
Entries of a cell: `ita_site.authoring.docx_cells`.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from ita_site.authoring.docx_cells import Numbering, cell_entries, cell_title
from ita_site.authoring.table import (HEADER_PREFIXES, NO_TABLE_HINT, ParsedIndicator, ParsedTable,
                                      is_header_row, is_indicator_title, split_title)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_COLUMNS = (("measures", "มาตรการ", "measures"), ("steps", "ขั้นตอน/วิธีการ", "steps"),
            ("results", "ผลการดำเนินการ", "results"))


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


@dataclass
class _Cell:
    cell: object     # python-docx _Cell
    start: int       # its first column of the table's grid
    end: int         # the grid column after its last


@dataclass(frozen=True)
class _Where:
    table: int       # 1-based, every table of the document counted
    row: int         # 1-based, header rows counted

    def error(self, th: str, en: str) -> ValueError:
        return ValueError(f"ตารางที่ {self.table} แถวที่ {self.row}: {th} / table {self.table}, row {self.row}: {en}")


def _h_continued(cell) -> bool:
    """An empty cell that Word's older horizontal merge (w:hMerge) joins to the cell on its left."""
    merge = cell._tc.find(f"{_W}tcPr/{_W}hMerge")
    return merge is not None and merge.get(f"{_W}val", "continue") == "continue" and not cell.text.strip()


def _grid_cells(row) -> list[_Cell]:
    """The row's distinct cells with their place in the grid (a merged cell once)."""
    found: list[_Cell] = []
    for column, cell in enumerate(row.cells, start=row.grid_cols_before):
        if found and (found[-1].cell._tc is cell._tc or _h_continued(cell)):
            found[-1].end = column + 1
        else:
            found.append(_Cell(cell, column, column + 1))
    return found


def _texts(cells: list[_Cell]) -> list[str]:
    return [c.cell.text for c in cells]


@dataclass
class _Body:
    starts: list[int]                          # the grid column where each of the 4 columns starts
    end: int                                   # the grid column after the last
    rows: list[tuple[int, list[_Cell]]]        # (row number, cells) of the indicators' rows
    above: list[tuple[int, str]]               # (row number, text) of rows above the header row


def _read_rows(table, number: int) -> list[list[_Cell]]:
    rows = []
    for row_number, row in enumerate(table.rows, start=1):
        try:
            rows.append(_grid_cells(row))
        except (ValueError, AttributeError, IndexError) as exc:   # e.g. a cell merged down from no row above
            raise _Where(number, row_number).error(
                "อ่านช่องที่ผสานของแถวนี้ไม่ได้: ยกเลิกการผสานช่อง (Unmerge) แล้วบันทึกใหม่",
                f"cannot read this row's merged cells ({exc}): unmerge them and save again") from None
    return rows


def _table_rows(table, number: int, continuing: bool) -> _Body | None:
    """The rows of a measures table; None if it is not one."""
    rows = _read_rows(table, number)
    header_at = next((i for i, cells in enumerate(rows) if is_header_row(_texts(cells))), None)
    if header_at is not None:
        starts, end = [c.start for c in rows[header_at]], rows[header_at][-1].end
    elif continuing and rows and (len(table._tbl.xpath("./w:tblGrid/w:gridCol")) == len(HEADER_PREFIXES)
                                  or all(len(cells) == len(HEADER_PREFIXES) for cells in rows)):
        header_at, starts, end = -1, list(range(len(HEADER_PREFIXES))), len(HEADER_PREFIXES)
    else:
        return None
    above = [(n, " ".join(t for t in (cell_title(c.cell) for c in cells) if t))
             for n, cells in enumerate(rows[:max(header_at, 0)], start=1)]
    body = [(n, cells) for n, cells in enumerate(rows, start=1) if n > header_at + 1
            and not is_header_row(_texts(cells)) and any(t.strip() for t in _texts(cells))]
    return _Body(starts, end, body, [(n, text) for n, text in above if text])


def _place(cells: list[_Cell], body: _Body, where: _Where) -> list[_Cell | None]:
    """The cell under each of the 4 columns (a cell merged across มาตรการ/ขั้นตอน/ผล under each)."""
    width = len(HEADER_PREFIXES)
    if len(cells) > width:
        texts = " | ".join(cell_title(c.cell)[:30] for c in cells)
        raise where.error(f"แถวในตารางต้องมี ๔ ช่อง แต่พบ {len(cells)} ช่อง ({texts}): รวมช่องให้เหลือ ๔ ช่อง",
                          f"a table row must have 4 cells, found {len(cells)}: merge cells to make 4")
    if len(cells) == width:
        return list(cells)
    slots: list[_Cell | None] = [None] * width
    for cell in cells:
        text = cell_title(cell.cell)
        if cell.start >= body.end:
            raise where.error(f"ช่อง \"{text[:40]}\" อยู่นอกคอลัมน์ของหัวตาราง: ย้ายข้อความเข้าไปในคอลัมน์ของตาราง",
                              f"the cell \"{text[:40]}\" is outside the header's columns: move its text into them")
        first = max((i for i, s in enumerate(body.starts) if s <= cell.start), default=0)
        covered = [first] if first == 0 else [first] + [i for i in range(first + 1, width) if body.starts[i] < cell.end]
        for column in covered:
            if slots[column] is not None:
                raise where.error(f"ช่อง \"{text[:40]}\" ไม่ตรงกับคอลัมน์ของหัวตาราง: แยกหรือรวมช่องให้ตรงกับหัวตาราง",
                                  f"the cell \"{text[:40]}\" does not line up with the header's columns:"
                                  f" split or merge cells to match the header")
            slots[column] = cell
    return slots


class _Reader:
    """Indicators from the rows of every measures table, in order."""

    def __init__(self, numbering: Numbering):
        self.numbering = numbering
        self.indicators: list[ParsedIndicator] = []
        self.origins: list[_Where] = []          # where each indicator's title is

    def table(self, body: _Body, number: int, caption: list[str]) -> None:
        previous: tuple[ParsedIndicator, list] | None = None
        for row, cells in body.rows:
            where = _Where(number, row)
            if len(cells) == 1 and cell_title(cells[0].cell) in caption:
                continue            # the caption's title row repeated (as the header row is)
            slots = _place(cells, body, where)
            target = self._target(slots, len(cells) == 1, previous, where)
            before = previous[1] if previous is not None and previous[0] is target else [None] * len(slots)
            for (name, _, _), slot, above in zip(_COLUMNS, slots[1:], before[1:]):
                if slot is not None and not (above is not None and above.cell._tc is slot.cell._tc):
                    getattr(target, name).extend(cell_entries(slot.cell, self.numbering))
            previous = (target, slots)

    def _target(self, slots: list, single: bool, previous, where: _Where) -> ParsedIndicator:
        """The indicator a row adds to: a new one for a title, else the one above."""
        first = slots[0]
        title = cell_title(first.cell) if first is not None else ""
        if single and title and not is_indicator_title(title):
            raise where.error(f"แถวที่มีช่องเดียว (รวมทั้งแถว) ต้องเป็นชื่อตัวชี้วัด เช่น \"ตัวชี้วัดที่ ๑ …\" หรือ \"๑. …\""
                              f" แต่พบ \"{title[:60]}\": ย้ายข้อความนี้ออกนอกตาราง หรือแยกช่องเป็น ๔ ช่อง",
                              "a row of one cell (merged across the row) must be an indicator title such as"
                              " \"ตัวชี้วัดที่ ๑ …\" or \"๑. …\": move this text out of the table, or split the cell")
        merged_down = (previous is not None and first is not None and previous[1][0] is not None
                       and previous[1][0].cell._tc is first.cell._tc)
        if merged_down or not title:
            if not self.indicators:
                raise where.error("แถวนี้ไม่มีชื่อตัวชี้วัด และไม่มีตัวชี้วัดก่อนหน้าให้ต่อ: ใส่ชื่อตัวชี้วัดในช่องแรก",
                                  "this row has no indicator title and no indicator above it to continue:"
                                  " put the title in the first cell")
            return self.indicators[-1]
        number, text = split_title(title, len(self.indicators) + 1)
        self.indicators.append(ParsedIndicator(number, text))
        self.origins.append(where)
        return self.indicators[-1]

    def check(self) -> None:
        """Every indicator has measures, steps and results (the schema asks for one of each)."""
        for indicator, where in zip(self.indicators, self.origins):
            for name, th, en in _COLUMNS:
                if not getattr(indicator, name):
                    raise where.error(f"ตัวชี้วัด \"{indicator.title[:60]}\" ไม่มีข้อความในคอลัมน์ {th}:"
                                      f" ใส่ข้อความ หรือแยกช่องที่รวมไว้",
                                      f"indicator \"{indicator.title[:60]}\" has nothing under {en}:"
                                      f" fill it in, or split the merged cell")


def parse_docx(path: Path) -> ParsedTable:
    """ParsedTable from every measures table of the document; ValueError if there is none."""
    from docx.table import Table

    document = _open(path)
    reader = _Reader(Numbering(document))
    block: list[str] = []  # the last run of non-empty paragraphs
    caption: list[str] | None = None   # its parts (paragraphs, title rows), then the whole
    gap = False
    continuing = False     # the last block element was a measures table (or only blank paragraphs since)
    tables = 0
    for element in document.iter_inner_content():
        if not isinstance(element, Table):
            text = element.text.strip()
            if text:
                block = [text] if gap else block + [text]
                continuing = False
            gap = not text
            continue
        tables += 1
        body = _table_rows(element, tables, continuing)
        if body is None:
            block, continuing = [], False
            continue
        if caption is None:
            caption = block + [text for _, text in body.above]
            caption.append(" ".join(caption))
        else:
            for row, text in body.above:
                if text not in caption:
                    raise _Where(tables, row).error(
                        f"ข้อความเหนือแถวหัวตาราง \"{text[:60]}\" ไม่ซ้ำกับหัวเรื่องของตารางแรก: ย้ายออกนอกตาราง",
                        "the text above the header row does not repeat the first table's caption:"
                        " move it out of the table")
        reader.table(body, tables, caption)
        continuing = True
    if not reader.indicators:
        raise ValueError(f"ไม่พบตารางตัวชี้วัดในไฟล์ {path} (no measures table found in {path}). {NO_TABLE_HINT}")
    reader.check()
    return ParsedTable(caption[-1] if caption else "", reader.indicators)
