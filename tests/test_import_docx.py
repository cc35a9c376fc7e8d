"""`ita-site import` of Word files made by python-docx and by LibreOffice, losing nothing.

- the seed laid out as three tables (header row repeated, a page break and a section break between
  them, real bulleted lists in cells) reproduces the shipped content/2564/o43 indicator files byte for
  byte, both as python-docx wrote it and after LibreOffice (Debian's libreoffice-writer) re-saved it;
- a table LibreOffice wrote from HTML (merged cells, several paragraphs, lists and <br> in a cell; more
  merged-cell layouts in tests/test_import_docx_merged.py);
- importing over existing indicator files refuses, `--replace` replaces them with no leftovers;
- the item code must be in the year's catalogue; item.yaml and the year in site.yaml are created and
  the next build passes; a missing file gets a Thai and English message.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
import yaml
from docx.enum.text import WD_BREAK

from ita_site.authoring.importer import parse_docx_table

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seed_o43.txt"
SHIPPED_O43 = ROOT / "content" / "2564" / "o43"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

_BLOCK = re.compile(r"<p[^>]*>(?P<p>.*?)</p>|<ul[^>]*>(?P<ul>.*?)(?:</ul>|$)", re.S)


# ---------------------------------------------------------------- the seed as a Word document

def _fill_cell(cell, html_cell: str) -> None:
    """Paragraphs for <p>, a bulleted Word list for <ul> (its items are "- " separated in the seed)."""
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    blocks = list(_BLOCK.finditer(html_cell))
    if not blocks:
        cell.add_paragraph(html_cell.strip())
    for block in blocks:
        if block.group("p") is not None:
            cell.add_paragraph(block.group("p").strip())
        else:
            for item in re.split(r"(?:^|\s)-\s+", block.group("ul").strip()):
                if item.strip():
                    cell.add_paragraph(item.strip(), style="List Bullet")


def seed_docx(path: Path) -> Path:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    document = docx.Document()
    heading = document.add_paragraph()
    heading.add_run("การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน").bold = True
    document.add_paragraph().add_run("ของจังหวัดสตูล").bold = True
    document.add_paragraph("")
    tables: list[list[list[str]]] = []
    for line in lines:
        cells = line.split("\t")
        if len(cells) == 4 and cells[0].startswith("ตัวชี้วัด"):
            tables.append([cells])
        elif len(cells) == 4 and tables:
            tables[-1].append(cells)
    assert [len(t) for t in tables] == [4, 4, 2]          # the seed's three tables, header rows included
    for number, rows in enumerate(tables):
        if number == 1:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)   # split across pages
        if number == 2:
            document.add_section()                                        # and across sections
        table = document.add_table(rows=0, cols=4)
        for cells in rows:
            row = table.add_row()
            row.cells[0].text = cells[0]
            if cells[0].startswith("ตัวชี้วัด"):
                for cell, text in zip(row.cells[1:], cells[1:]):
                    cell.text = text
            else:
                for cell, text in zip(row.cells[1:], cells[1:]):
                    _fill_cell(cell, text)
    document.add_paragraph("หมายเหตุ: ข้อความท้ายเอกสาร")
    document.save(path)
    return path


def _soffice(source: Path, out_dir: Path, target: str = "docx") -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = (out_dir.parent / "lo-profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                    "--convert-to", target, "--outdir", str(out_dir), str(source)],
                   check=True, capture_output=True, timeout=180, env=dict(os.environ, HOME=str(out_dir.parent)))
    made = out_dir / (source.stem + ".docx")
    assert made.is_file(), "LibreOffice did not write the .docx"
    return made


@pytest.fixture(scope="module")
def seed_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("seed-docx")
    files = {"python-docx": seed_docx(folder / "seed.docx")}
    if SOFFICE:
        files["libreoffice"] = _soffice(files["python-docx"], folder / "libreoffice")
    return files


def _site(tmp_path: Path) -> Path:
    """A copy of the default site without its o43, as a webmaster would start."""
    project = tmp_path / "site"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "ita_site" / "schemas", project / "ita_site" / "schemas")
    shutil.rmtree(project / "content" / "2564" / "o43")
    return project


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "ita_site", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("maker", ["python-docx", "libreoffice"])
def test_seed_as_three_tables_reproduces_the_shipped_files(seed_files, tmp_path, maker):
    if maker not in seed_files:
        pytest.skip("LibreOffice (soffice) is not installed")
    project = _site(tmp_path)
    run = _cli("import", str(seed_files[maker]), "--year", "2564", "--item", "o43", "--project", str(project),
               cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    made = project / "content" / "2564" / "o43"
    shipped = sorted(SHIPPED_O43.glob("[0-9][0-9]-*.yaml"))
    assert sorted(p.name for p in made.glob("[0-9][0-9]-*.yaml")) == [p.name for p in shipped]
    for old in shipped:
        assert (made / old.name).read_bytes() == old.read_bytes(), old.name
    item = yaml.safe_load((made / "item.yaml").read_text(encoding="utf-8"))
    shipped_item = yaml.safe_load((SHIPPED_O43 / "item.yaml").read_text(encoding="utf-8"))
    assert {k: item[k] for k in ("code", "title", "caption")} == {
        k: shipped_item[k] for k in ("code", "title", "caption")}
    assert "updated is today" in run.stdout
    build = _cli("build", "--project", str(project), cwd=tmp_path)
    assert build.returncode == 0, build.stdout + build.stderr


def test_a_fresh_year_gets_item_yaml_and_site_yaml_and_builds(seed_files, tmp_path):
    project = _site(tmp_path)
    site_before = (project / "content" / "site.yaml").read_text(encoding="utf-8")
    run = _cli("import", str(seed_files["python-docx"]), "--year", "2567", "--item", "o43", "--project",
               str(project), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "content/site.yaml" in run.stdout and "2567/o43/item.yaml" in run.stdout
    site_after = (project / "content" / "site.yaml").read_text(encoding="utf-8")
    assert site_after.startswith(site_before.split("accessibility:")[0].rstrip("\n"))
    assert yaml.safe_load(site_after)["years"]["2567"] == {"catalogue": "nacc-2567"}
    build = _cli("build", "--project", str(project), cwd=tmp_path)
    assert build.returncode == 0, build.stdout + build.stderr
    assert (project / "output" / "2567" / "o43" / "index.html").is_file()


def test_import_over_existing_files_refuses_then_replace_leaves_no_leftovers(seed_files, tmp_path):
    project = _site(tmp_path)
    item = project / "content" / "2564" / "o43"
    item.mkdir()
    (item / "01-old.yaml").write_text("number: 1\n", encoding="utf-8")
    (item / "09-kept-by-hand.yaml").write_text("number: 9\n", encoding="utf-8")
    args = ["import", str(seed_files["python-docx"]), "--year", "2564", "--item", "o43", "--project", str(project)]
    refused = _cli(*args, cwd=tmp_path)
    assert refused.returncode == 1
    assert ("รายการนี้มีไฟล์ตัวชี้วัดอยู่แล้ว ไม่ได้เขียนทับ: 01-old.yaml, 09-kept-by-hand.yaml ใช้ --replace"
            in refused.stderr)
    assert sorted(p.name for p in item.iterdir()) == ["01-old.yaml", "09-kept-by-hand.yaml"]
    replaced = _cli(*args, "--replace", cwd=tmp_path)
    assert replaced.returncode == 0, replaced.stderr
    assert sorted(p.name for p in item.iterdir()) == sorted(
        [p.name for p in SHIPPED_O43.glob("[0-9][0-9]-*.yaml")] + ["item.yaml"])
    assert "removed, replaced" in replaced.stdout and "01-old.yaml" in replaced.stdout
    assert not list(item.glob(".*"))


def test_an_item_code_not_in_the_catalogue_is_refused(seed_files, tmp_path):
    project = _site(tmp_path)
    run = _cli("import", str(seed_files["python-docx"]), "--year", "2564", "--item", "o99", "--project",
               str(project), cwd=tmp_path)
    assert run.returncode == 1
    assert "ไม่มีรายการ O99 ในบัญชีรายการ nacc-2564 ของปี 2564" in run.stderr
    assert "O99 is not in the 2564 catalogue nacc-2564" in run.stderr
    assert not (project / "content" / "2564" / "o99").exists()


def test_a_missing_file_gets_a_thai_and_english_message(tmp_path):
    project = _site(tmp_path)
    run = _cli("import", "ไม่มีไฟล์นี้.docx", "--year", "2564", "--item", "o43", "--project", str(project),
               cwd=tmp_path)
    assert run.returncode == 1
    assert "ไม่พบไฟล์ ไม่มีไฟล์นี้.docx" in run.stderr and "file not found" in run.stderr
    assert "Errno" not in run.stderr and "Traceback" not in run.stderr


def test_a_file_that_is_not_a_word_file_gets_a_message(tmp_path):
    bad = tmp_path / "report.docx"
    bad.write_text("not a zip", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot open the Word file"):
        parse_docx_table(bad)


# ---------------------------------------------------------------- a document LibreOffice wrote itself

HTML = """<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>t</title></head><body>
<p><b>รายงานผลการดำเนินการ</b></p>
<table border="1">
<tr><td>ตัวชี้วัด</td><td>มาตรการ</td><td>ขั้นตอน/วิธีการ</td><td>ผลการดำเนินการตามมาตรการ</td></tr>
<tr><td rowspan="2">๑. ประสิทธิภาพการสื่อสาร</td><td><p>เผยแพร่ข้อมูล</p><p>ตอบคำถาม</p></td>
<td><p>กำหนดช่องทางดังนี้</p><ul><li>เว็บไซต์</li><li>เฟซบุ๊ก</li></ul></td>
<td>บรรทัดแรก<br>บรรทัดสอง</td></tr>
<tr><td>มาตรการต่อเนื่อง</td><td>ขั้นตอนต่อเนื่อง</td><td>ผลต่อเนื่อง</td></tr>
<tr><td>๒. การใช้งบประมาณ</td><td colspan="2">มาตรการและขั้นตอนในช่องเดียว</td><td>ผล</td></tr>
</table></body></html>
"""


@needs_soffice
def test_a_table_libreoffice_wrote_with_lists_breaks_and_merged_cells(tmp_path):
    source = tmp_path / "report.html"
    source.write_text(HTML, encoding="utf-8")
    table = parse_docx_table(_soffice(source, tmp_path / "out", "docx:MS Word 2007 XML"))
    assert table.caption == "รายงานผลการดำเนินการ"
    first, second = table.indicators
    assert first.title == "ประสิทธิภาพการสื่อสาร"
    assert first.measures == ["เผยแพร่ข้อมูล", "ตอบคำถาม", "มาตรการต่อเนื่อง"]
    assert first.steps == ["กำหนดช่องทางดังนี้\n\n- เว็บไซต์\n- เฟซบุ๊ก", "ขั้นตอนต่อเนื่อง"]
    assert first.results == ["บรรทัดแรก<br>\nบรรทัดสอง", "ผลต่อเนื่อง"]
    # the colspan cell covers มาตรการ and ขั้นตอน/วิธีการ: its text is under both (tests/test_import_docx_merged.py)
    assert (second.number, second.measures, second.steps, second.results) == (
        2, ["มาตรการและขั้นตอนในช่องเดียว"], ["มาตรการและขั้นตอนในช่องเดียว"], ["ผล"])
