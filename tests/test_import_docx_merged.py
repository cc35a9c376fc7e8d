"""`ita-site import` of Word tables with merged cells, made by python-docx and by LibreOffice (from HTML).

The meaning (ita_site/authoring/docx_table.py): a merged cell's text belongs to every column and every
indicator it covers, once each; a row of one cell is the title row of the indicator that follows; a row
whose indicator cell is empty continues the indicator above; rows above the header row are the caption.
Text that cannot be placed is an error naming the table and row, exit 1, nothing written.
"""

from __future__ import annotations

import html
from pathlib import Path

import docx
import pytest
import yaml
from test_import_docx import SOFFICE, _cli, _site, _soffice

from ita_site.authoring.importer import parse_docx_table

HEADER = ["ตัวชี้วัด", "มาตรการ", "ขั้นตอน/วิธีการ", "ผลการดำเนินการตามมาตรการ"]
CAPTION = "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
# A row is a list of cells: "text" or ("text", number of columns it covers); fewer than 4 columns is a short row.
ROWS = [
    [(CAPTION, 4)],                                                        # 1: above the header: the caption
    HEADER,                                                                # 2
    [("ตัวชี้วัดที่ ๑ ประสิทธิภาพการสื่อสาร", 4)],                           # 3: title row (gridSpan 4)
    ["", "เผยแพร่ข้อมูล", "กำหนดช่องทาง", "เผยแพร่แล้ว"],                   # 4: continues indicator 1
    ["", "ตอบคำถาม", ("ตอบภายใน ๓ วันทำการ", 2)],                          # 5: steps and results in one cell
    ["๒. การใช้งบประมาณ", ("เปิดเผยแผนการใช้จ่ายงบประมาณ", 2), "ประกาศแล้ว"],  # 6: measures and steps in one
    ["๓. การใช้อำนาจ"],                                                    # 7: a row of one cell, no span
    ["", ("มอบอำนาจเป็นลายลักษณ์อักษร", 3)],                                # 8: one cell for all three
]
EXPECTED = {
    "01-communication.yaml": {
        "number": 1, "title": "ประสิทธิภาพการสื่อสาร", "ita_indicator": 7,
        "measures": ["เผยแพร่ข้อมูล", "ตอบคำถาม"], "steps": ["กำหนดช่องทาง", "ตอบภายใน ๓ วันทำการ"],
        "results": ["เผยแพร่แล้ว", "ตอบภายใน ๓ วันทำการ"]},
    "02-budget.yaml": {
        "number": 2, "title": "การใช้งบประมาณ", "ita_indicator": 2, "measures": ["เปิดเผยแผนการใช้จ่ายงบประมาณ"],
        "steps": ["เปิดเผยแผนการใช้จ่ายงบประมาณ"], "results": ["ประกาศแล้ว"]},
    "03-authority.yaml": {
        "number": 3, "title": "การใช้อำนาจ", "ita_indicator": 3, "measures": ["มอบอำนาจเป็นลายลักษณ์อักษร"],
        "steps": ["มอบอำนาจเป็นลายลักษณ์อักษร"], "results": ["มอบอำนาจเป็นลายลักษณ์อักษร"]},
}
BUDGET_BYTES = """\
# yaml-language-server: $schema=../../../ita_site/schemas/indicator.schema.json
number: 2
title: การใช้งบประมาณ
ita_indicator: 2
measures:
  - เปิดเผยแผนการใช้จ่ายงบประมาณ
steps:
  - เปิดเผยแผนการใช้จ่ายงบประมาณ
results:
  - ประกาศแล้ว
""".encode()


def _cells(row) -> list[tuple[str, int]]:
    return [(cell, 1) if isinstance(cell, str) else cell for cell in row]


def python_docx(path: Path, rows: list) -> Path:
    document = docx.Document()
    table = document.add_table(rows=0, cols=4)
    for spec in rows:
        row, column = table.add_row(), 0
        for text, span in _cells(spec):
            cell = row.cells[column] if span == 1 else row.cells[column].merge(row.cells[column + span - 1])
            cell.text = text
            column += span
        for tc in list(row._tr.tc_lst)[len(spec):]:      # a short row: its missing cells are not there at all
            row._tr.remove(tc)
    document.save(path)
    return path


def libreoffice(path: Path, rows: list) -> Path:
    cells = ("".join(f'<td colspan="{span}">{html.escape(text)}</td>' if span > 1 else f"<td>{html.escape(text)}</td>"
                     for text, span in _cells(spec)) for spec in rows)
    page = path.with_suffix(".html")
    page.write_text('<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>t</title></head><body>'
                    '<table border="1">' + "".join(f"<tr>{row}</tr>\n" for row in cells) + "</table></body></html>\n",
                    encoding="utf-8")
    return _soffice(page, path.parent / "lo", "docx:MS Word 2007 XML")


MAKERS = {"python-docx": python_docx, "libreoffice": libreoffice}


def _make(maker: str, path: Path, rows: list) -> Path:
    if maker == "libreoffice" and SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    path.parent.mkdir(parents=True, exist_ok=True)
    return MAKERS[maker](path, rows)


@pytest.mark.parametrize("maker", MAKERS)
def test_merged_cells_are_imported_into_every_column_they_cover(tmp_path, maker):
    source = _make(maker, tmp_path / "doc" / "merged.docx", ROWS)
    project = _site(tmp_path)
    run = _cli("import", str(source), "--year", "2564", "--item", "o43", "--project", str(project), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    made = project / "content" / "2564" / "o43"
    assert sorted(p.name for p in made.iterdir()) == sorted([*EXPECTED, "item.yaml"])
    for name, data in EXPECTED.items():
        assert yaml.safe_load((made / name).read_text(encoding="utf-8")) == data, name
    assert (made / "02-budget.yaml").read_bytes() == BUDGET_BYTES
    assert yaml.safe_load((made / "item.yaml").read_text(encoding="utf-8"))["caption"] == CAPTION
    if maker == "python-docx":
        build = _cli("build", "--project", str(project), cwd=tmp_path)
        assert build.returncode == 0, build.stdout + build.stderr


@pytest.mark.parametrize("maker", MAKERS)
def test_a_whole_row_cell_that_is_not_a_title_is_refused_with_its_place(tmp_path, maker):
    source = _make(maker, tmp_path / "doc" / "note.docx", ROWS + [[("หมายเหตุ: ข้อมูล ณ วันที่ ๓๐ กันยายน", 4)]])
    project = _site(tmp_path)
    run = _cli("import", str(source), "--year", "2564", "--item", "o43", "--project", str(project), cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr == (
        f"{source}: ตารางที่ 1 แถวที่ 9: แถวที่มีช่องเดียว (รวมทั้งแถว) ต้องเป็นชื่อตัวชี้วัด เช่น \"ตัวชี้วัดที่ ๑ …\""
        " หรือ \"๑. …\" แต่พบ \"หมายเหตุ: ข้อมูล ณ วันที่ ๓๐ กันยายน\": ย้ายข้อความนี้ออกนอกตาราง หรือแยกช่องเป็น ๔ ช่อง"
        " / table 1, row 9: a row of one cell (merged across the row) must be an indicator title such as"
        " \"ตัวชี้วัดที่ ๑ …\" or \"๑. …\": move this text out of the table, or split the cell\n")
    assert not (project / "content" / "2564" / "o43").exists()


@pytest.mark.parametrize("maker", MAKERS)
@pytest.mark.parametrize("rows, where, said", [
    # the indicator cell covers มาตรการ too, and no other row gives measures
    ([HEADER, [("๑. ประสิทธิภาพการสื่อสาร", 2), "ขั้นตอน", "ผล"]], "table 1, row 2",
     "indicator \"ประสิทธิภาพการสื่อสาร\" has nothing under measures: fill it in, or split the merged cell"),
    # a title row with no rows of its own before the next title
    ([HEADER, [("ตัวชี้วัดที่ ๑ ประสิทธิภาพการสื่อสาร", 4)], ["๒. การใช้งบประมาณ", "ม", "ข", "ผ"]], "table 1, row 2",
     "has nothing under measures"),
    # the first row has no title and there is nothing above it to continue
    ([HEADER, ["", "มาตรการ", "ขั้นตอน", "ผล"]], "table 1, row 2", "no indicator title and no indicator above it"),
], ids=["title-cell-covers-measures", "title-row-with-no-rows", "no-title-to-continue"])
def test_text_that_cannot_be_placed_is_an_error_with_its_place(tmp_path, maker, rows, where, said):
    source = _make(maker, tmp_path / "doc" / "bad.docx", rows)
    with pytest.raises(ValueError) as info:
        parse_docx_table(source)
    assert f"/ {where}: " in str(info.value) and said in str(info.value)
    assert f"ตารางที่ {where.split()[1].rstrip(',')} แถวที่ {where.split()[-1]}: " in str(info.value)


def test_the_older_horizontal_merge_of_word_counts_as_one_cell(tmp_path):
    path = python_docx(tmp_path / "hmerge.docx", [HEADER, ["๒. การใช้งบประมาณ", "เปิดเผยแผน", "", "ประกาศแล้ว"]])
    document = docx.Document(str(path))
    cells = document.tables[0].rows[1].cells
    for cell, value in ((cells[1], "restart"), (cells[2], "continue")):   # as Word 2003 files converted to .docx
        tc_pr = cell._tc.get_or_add_tcPr()
        tc_pr.append(tc_pr.makeelement(docx.oxml.ns.qn("w:hMerge"), {docx.oxml.ns.qn("w:val"): value}))
    document.save(str(path))
    (budget,) = parse_docx_table(path).indicators
    assert (budget.measures, budget.steps, budget.results) == (["เปิดเผยแผน"], ["เปิดเผยแผน"], ["ประกาศแล้ว"])


def test_rows_that_cannot_be_read_or_placed_are_refused_and_a_repeated_title_row_is_skipped(tmp_path):
    five = python_docx(tmp_path / "five.docx", [HEADER, ["๑. ก", "ม", "ข", "ผ"]])
    document = docx.Document(str(five))
    document.tables[0].rows[1]._tr.append(document.tables[0].rows[1].cells[3]._tc.__copy__())
    document.save(str(five))
    with pytest.raises(ValueError, match=r"/ table 1, row 2: a table row must have 4 cells, found 5"):
        parse_docx_table(five)
    two = python_docx(tmp_path / "two.docx", [[(CAPTION, 4)], HEADER, ["๑. ก", "ม", "ข", "ผ"]])
    document = docx.Document(str(two))
    second = document.add_table(rows=0, cols=4)
    document.element.body.append(second._tbl)            # right after the first (no paragraph between)
    for spec in ([("ส่วนที่ ๒", 4)], HEADER, ["๒. ข", "ม", "ข", "ผ"]):
        row = second.add_row()
        cells = _cells(spec)
        if cells[0][1] == 4:
            row.cells[0].merge(row.cells[3]).text = cells[0][0]
        else:
            for cell, (text, _) in zip(row.cells, cells):
                cell.text = text
    document.save(str(two))
    with pytest.raises(ValueError, match=r"ตารางที่ 2 แถวที่ 1: .* / table 2, row 1: the text above the header row"):
        parse_docx_table(two)
    broken = python_docx(tmp_path / "broken.docx", [HEADER, ["๑. ก", "ม", "ข", "ผ"]])
    document = docx.Document(str(broken))
    tc_pr = document.tables[0].rows[0].cells[0]._tc.get_or_add_tcPr()
    tc_pr.append(tc_pr.makeelement(docx.oxml.ns.qn("w:vMerge"), {}))   # merged down from no row above
    document.save(str(broken))
    with pytest.raises(ValueError, match=r"^ตารางที่ 1 แถวที่ 1: อ่านช่องที่ผสาน.* / table 1, row 1: cannot read"):
        parse_docx_table(broken)
    repeated = python_docx(tmp_path / "repeated.docx", [[(CAPTION, 4)], HEADER, ["๑. ก", "ม", "ข", "ผ"],
                                                        [(CAPTION, 4)], HEADER, ["๒. ข", "ม", "ข", "ผ"]])
    table = parse_docx_table(repeated)                    # a repeated title row above a repeated header is skipped
    assert table.caption == CAPTION and [i.number for i in table.indicators] == [1, 2]
