"""The table importer (`ita-site import`) and the shipped content it produced.

- importing the seed reproduces content/2564/o43 byte for byte;
- a Word table (python-docx) imports to the expected entries;
- existing files are not overwritten without force; a file without a table gets a clear error;
- every YAML file and page front matter under content/ and tests/sites/rich/content/ loads and
  validates against its JSON Schema, and files they reference exist.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from jsonschema import Draft7Validator

from ita_site.authoring.import_files import import_table
from ita_site.authoring.importer import (
    ParsedIndicator,
    indicator_yaml,
    parse_docx_table,
    parse_tsv_table,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seed_o43.txt"
SHIPPED_O43 = ROOT / "content" / "2564" / "o43"
SCHEMAS = ROOT / "ita_site" / "schemas"
RICH = ROOT / "tests" / "sites" / "rich" / "content"
CONTENT_DIRS = [ROOT / "content", RICH]
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def _project_copy(tmp_path: Path) -> Path:
    """A site folder with its own ita_site/schemas, like a webmaster's checkout."""
    (tmp_path / "ita_site" / "schemas").mkdir(parents=True)
    shutil.copy(SCHEMAS / "indicator.schema.json", tmp_path / "ita_site" / "schemas")
    return tmp_path / "content"


# ---------------------------------------------------------------- the seed


def test_importing_the_seed_reproduces_the_shipped_files(tmp_path):
    content = _project_copy(tmp_path)
    written = import_table(SEED, 2564, "O43", content)
    shipped = sorted(SHIPPED_O43.glob("[0-9][0-9]-*.yaml"))
    assert [p.name for p in written] == [p.name for p in shipped] == [
        "01-communication.yaml", "02-corruption.yaml", "03-improvement.yaml", "04-quality.yaml",
        "05-budget.yaml", "06-assets.yaml", "07-disclosure.yaml",
    ]
    for new, old in zip(written, shipped):
        assert new.read_text(encoding="utf-8") == old.read_text(encoding="utf-8"), old.name


def test_seed_indicators_keep_the_text_and_map_to_national_indicators():
    table = parse_tsv_table(SEED.read_text(encoding="utf-8"))
    assert table.caption == ("การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
                             " ของจังหวัดสตูล")
    assert [i.number for i in table.indicators] == [1, 2, 3, 4, 5, 6, 7]  # header rows skipped
    assert [i.ita_indicator for i in table.indicators] == [7, 5, 8, 6, 2, 4, 9]
    first = table.indicators[0]
    assert first.title == "ประสิทธิภาพการสื่อสาร"
    assert first.measures[0] == "มีการเผยแพร่ข้อมูลของหน่วยงานเข้าถึงข้อมูลได้ง่ายไม่ซ้ำซ้อน มีช่องทางหลากหลาย"
    assert len(first.measures) == 3 and len(first.results) == 3
    assert "เฟซบุ๊ก ภูเก็ติน ของจังหวัดสตูล" in first.results[0]  # the seed's wording is kept
    improvement = table.indicators[2].results
    assert len(improvement) == 1
    assert improvement[0].endswith(
        "ผ่านช่องทางต่างๆ ดังนี้\n\n- ร้องเรียนทางโทรศัพท์ หมายเลข ๐๗๔-๗๒๔-๔๐๔\n- สายด่วน ๑๕๖๗"
        "\n- เฟซบุ๊ก ศูนย์ดำรงธรรมจังหวัดสตูล\n- สันทัดทางไปรษณีย์")
    disclosure = table.indicators[6]
    assert disclosure.measures == ["ต้องเข้าถึงผ่าน URL บนเว็บไซต์หลักของหน่วยงานโดยตรง"]
    assert len(disclosure.steps) == 1 and len(disclosure.results) == 1


def test_shipped_item_caption_matches_the_seed_heading():
    item = yaml.safe_load((SHIPPED_O43 / "item.yaml").read_text(encoding="utf-8"))
    assert item["caption"] == parse_tsv_table(SEED.read_text(encoding="utf-8")).caption
    assert item["updated"] == "2021-01-08"


def test_indicator_yaml_round_trips_and_uses_block_scalars():
    ind = ParsedIndicator(9, "หัวข้อที่ไม่รู้จัก", ["ข้อ: มีเครื่องหมาย # และ 'คำพูด'"], ["ก"],
                          ["ย่อหน้า\n\n- หนึ่ง\n- สอง"])
    text = indicator_yaml(ind, "../x.json")
    assert text.startswith("# yaml-language-server: $schema=../x.json\nnumber: 9\ntitle: ")
    assert "  - |-\n    ย่อหน้า\n\n    - หนึ่ง\n" in text
    assert "ita_indicator" not in text
    assert yaml.safe_load(text) == {"number": 9, "title": "หัวข้อที่ไม่รู้จัก", "measures": ind.measures,
                                    "steps": ["ก"], "results": ind.results}
    assert ind.slug == "indicator"


def test_tsv_cells_with_li_items_inline_markup_and_arabic_numbers():
    text = ("ตัวชี้วัด\tมาตรการ\tขั้นตอน/วิธีการ\tผลการดำเนินการ\n"
            "3. การใช้อำนาจ\t<p>1. ข้อ <strong>สำคัญ</strong> &amp; ชัดเจน</p>\t"
            "<ul><li>ขั้นแรก</li><li>ขั้นที่สอง</li></ul>\t"
            '<p>ผล <a href="https://example.go.th/a">ประกาศ</a></p>\n')
    table = parse_tsv_table(text)
    assert table.caption == ""
    ind = table.indicators[0]
    assert (ind.number, ind.title, ind.ita_indicator, ind.slug) == (3, "การใช้อำนาจ", 3, "authority")
    assert ind.measures == ["ข้อ **สำคัญ** & ชัดเจน"]
    assert ind.steps == ["- ขั้นแรก\n- ขั้นที่สอง"]
    assert ind.results == ["ผล [ประกาศ](https://example.go.th/a)"]


def test_tsv_row_with_missing_cells_names_the_line():
    text = "ตัวชี้วัด\tมาตรการ\tขั้นตอน/วิธีการ\tผลการดำเนินการ\n๑. การใช้อำนาจ\t<p>ก</p>\n"
    with pytest.raises(ValueError, match="line 2: expected 4"):
        parse_tsv_table(text)


# ---------------------------------------------------------------- Word


def _add_row(table, *cells):
    row = table.add_row()
    for cell, value in zip(row.cells, cells):
        paragraphs = value if isinstance(value, list) else [value]
        cell.text = paragraphs[0]
        for text in paragraphs[1:]:
            cell.add_paragraph(text)
    return row


def _make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("ข้อความนำก่อนหัวเรื่อง")
    other = document.add_table(rows=1, cols=2)  # not a measures table: skipped
    other.rows[0].cells[0].text = "ชื่อ"
    document.add_paragraph("ย่อหน้าอื่น")
    document.add_paragraph("")
    document.add_paragraph().add_run("รายงานผลการดำเนินการตามมาตรการ").bold = True
    document.add_paragraph("ของสำนักงานทดสอบ")
    document.add_paragraph("")
    table = document.add_table(rows=0, cols=4)
    header = ["ตัวชี้วัด", "มาตรการ", "ขั้นตอน/วิธีการ", "ผลการดำเนินการ ตามมาตรการ"]
    _add_row(table, *header)
    _add_row(table, "๑. ประสิทธิภาพการสื่อสาร",
             ["๑. เผยแพร่ข้อมูลหลายช่องทาง", "๒. ตอบคำถามภายใน ๓ วัน"],
             ["- ตั้งผู้ดูแลเว็บไซต์", "- ตรวจกล่องข้อความทุกวัน"],
             "ผลข้อเดียว ไม่มีเลขนำ")
    row = _add_row(table, "2. การใช้งบประมาณ", "1. เปิดเผยแผนการใช้จ่ายงบประมาณ", "ประชุมชี้แจง", "")
    results = row.cells[3].paragraphs[0]
    results.add_run("๑. ประกาศแผนแล้ว")
    results.add_run().add_break()
    results.add_run("ต่อบรรทัดเดิม")
    results.add_run().add_break()
    results.add_run("๒. จัดประชุมแล้ว")
    _add_row(table, *header)  # repeated header row
    _add_row(table, "ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต", "มาตรการ ก", "ขั้นตอน ข", "- ผล ค")
    document.save(path)
    return path


def test_docx_table_imports_entries_numbering_and_bullets(tmp_path):
    table = parse_docx_table(_make_docx(tmp_path / "report.docx"))
    assert table.caption == "รายงานผลการดำเนินการตามมาตรการ ของสำนักงานทดสอบ"
    first, second, third = table.indicators
    assert (first.number, first.title, first.ita_indicator) == (1, "ประสิทธิภาพการสื่อสาร", 7)
    assert first.measures == ["เผยแพร่ข้อมูลหลายช่องทาง", "ตอบคำถามภายใน ๓ วัน"]
    assert first.steps == ["ตั้งผู้ดูแลเว็บไซต์", "ตรวจกล่องข้อความทุกวัน"]
    assert first.results == ["ผลข้อเดียว ไม่มีเลขนำ"]
    assert (second.number, second.title, second.ita_indicator) == (2, "การใช้งบประมาณ", 2)
    assert second.measures == ["เปิดเผยแผนการใช้จ่ายงบประมาณ"]
    assert second.results == ["ประกาศแผนแล้ว<br>\nต่อบรรทัดเดิม", "จัดประชุมแล้ว"]
    assert (third.number, third.title, third.ita_indicator) == (10, "การป้องกันการทุจริต", 10)
    assert third.results == ["ผล ค"]


def test_docx_import_writes_files_named_by_indicator(tmp_path):
    source = _make_docx(tmp_path / "report.docx")
    written = import_table(source, 2567, "o43", tmp_path / "content")
    assert [p.relative_to(tmp_path / "content").as_posix() for p in written] == [
        "2567/o43/01-communication.yaml", "2567/o43/02-budget.yaml", "2567/o43/10-prevention.yaml"]
    data = yaml.safe_load(written[1].read_text(encoding="utf-8"))
    assert data["results"] == ["ประกาศแผนแล้ว<br>\nต่อบรรทัดเดิม", "จัดประชุมแล้ว"]


def test_docx_without_a_measures_table_is_refused(tmp_path):
    document = docx.Document()
    document.add_paragraph("ไม่มีตาราง")
    document.add_table(rows=1, cols=4).rows[0].cells[0].text = "ชื่อ"
    document.save(tmp_path / "empty.docx")
    with pytest.raises(ValueError, match="no measures table found"):
        parse_docx_table(tmp_path / "empty.docx")


# ---------------------------------------------------------------- writing files and errors


def test_import_refuses_to_overwrite_unless_forced(tmp_path):
    content = tmp_path / "content"
    first = import_table(SEED, 2564, "O43", content)
    first[0].write_text("edited by hand\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="ไม่ได้เขียนทับ") as info:
        import_table(SEED, 2564, "O43", content)
    assert "01-communication.yaml" in str(info.value)
    assert first[0].read_text(encoding="utf-8") == "edited by hand\n"
    again = import_table(SEED, 2564, "O43", content, replace=True)
    assert again == first
    assert yaml.safe_load(first[0].read_text(encoding="utf-8"))["title"] == "ประสิทธิภาพการสื่อสาร"


def test_text_without_a_table_gives_a_thai_and_english_error(tmp_path):
    source = tmp_path / "notes.txt"
    source.write_text("**รายงาน**\n\nไม่มีตารางในไฟล์นี้\n", encoding="utf-8")
    with pytest.raises(ValueError) as info:
        import_table(source, 2564, "O43", tmp_path / "content")
    message = str(info.value)
    assert "ไม่พบตารางตัวชี้วัด" in message and "no measures table found" in message
    assert "notes.txt" in message
    assert not (tmp_path / "content").exists()


def test_bad_item_code_and_year_are_refused(tmp_path):
    with pytest.raises(ValueError, match="invalid item code"):
        import_table(SEED, 2564, "O-43", tmp_path)
    with pytest.raises(ValueError, match="Buddhist Era"):
        import_table(SEED, 2021, "O43", tmp_path)


# ---------------------------------------------------------------- shipped content and the rich site


def _validator(name: str) -> Draft7Validator:
    schema = yaml.safe_load((SCHEMAS / name).read_text(encoding="utf-8"))
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def _schema_for(path: Path) -> str:
    if path.suffix == ".md":
        return "page.schema.json"
    if path.name == "site.yaml":
        return "site.schema.json"
    return "item.schema.json" if path.name == "item.yaml" else "indicator.schema.json"


def _load(path: Path) -> tuple[str, object]:
    """(schema comment line, data); for Markdown, the front matter."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
        assert match, f"{path}: no front matter"
        text = match.group(1)
    return text.split("\n", 1)[0], yaml.safe_load(text)


CONTENT_FILES = sorted(p for d in CONTENT_DIRS for p in [*d.rglob("*.yaml"), *d.rglob("*.md")])


def test_format_checking_is_active():
    errors = list(_validator("item.schema.json").iter_errors({"code": "O1", "updated": "2021-13-45"}))
    assert errors and errors[0].validator == "format"


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_content_file_loads_and_validates(path):
    first_line, data = _load(path)
    match = SCHEMA_LINE.match(first_line)
    assert match, f"first line must name the schema: {first_line!r}"
    assert (path.parent / match.group(1)).resolve() == SCHEMAS / _schema_for(path)
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}"
              for e in _validator(_schema_for(path)).iter_errors(data)]
    assert errors == []


def test_content_sets_are_complete():
    assert len(CONTENT_FILES) == 11 + 10  # default site + rich test site
    site = _load(ROOT / "content" / "site.yaml")[1]
    assert site["agency"]["name"] == "จังหวัดสตูล" and site["digits"] == "thai"
    assert site["years"] == {"2564": {"catalogue": "nacc-2564"}}
    rich = _load(RICH / "site.yaml")[1]
    assert rich["digits"] == "arabic" and set(rich["years"]) == {"2566", "2567"}
    assert rich["base_url"] == "https://example.go.th/ita/"


def _referenced_files(item_dir: Path) -> list[Path]:
    files = []
    for path in item_dir.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for doc in data.get("documents", []):
            files += [doc["file"]] if "file" in doc else []
        for result in data.get("results", []):
            if isinstance(result, dict):
                files += [a["file"] for a in result.get("attachments", [])]
    return [item_dir / f for f in files]


def _check_pdf(data: bytes) -> None:
    """Header, EOF, and every xref offset pointing at its 'N 0 obj'."""
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    xref_at = int(re.search(rb"startxref\s+(\d+)", data).group(1))
    assert data[xref_at:].startswith(b"xref")
    entries = re.findall(rb"(\d{10}) 00000 n ", data[xref_at:])
    assert entries
    for number, offset in enumerate(entries, start=1):
        assert data[int(offset):].startswith(b"%d 0 obj" % number)
    assert re.search(rb"\(([^)]{10,})\) Tj", data), "no text shown"


def test_rich_site_attachments_are_real_files():
    referenced = [f for d in RICH.glob("*/*") if d.is_dir() for f in _referenced_files(d)]
    names = {f.name for f in referenced}
    assert "annual-integrity-and-transparency-measures-implementation-report-fy2567-final-version.pdf" in names
    assert {f.suffix for f in referenced} == {".pdf", ".csv", ".txt"}
    for path in referenced:
        assert path.is_file(), path
        assert path.name.isascii(), path
        if path.suffix == ".pdf":
            _check_pdf(path.read_bytes())
        else:
            assert path.read_text(encoding="utf-8").strip()


def test_rich_site_has_the_long_and_dated_cases():
    text = "\n".join(p.read_text(encoding="utf-8") for p in (RICH / "2567" / "o43").glob("*.yaml"))
    urls = re.findall(r"url: (\S+)", text)
    assert max(len(u) for u in urls) > 120
    results = [r for p in sorted((RICH / "2567" / "o43").glob("0*.yaml"))
               for r in yaml.safe_load(p.read_text(encoding="utf-8"))["results"]]
    assert len(results) >= 5 and any(isinstance(r, str) for r in results)
    assert all(link.get("date") for r in results if isinstance(r, dict) for link in r.get("links", []))
    longest = max((r["text"] if isinstance(r, dict) else r for r in results), key=len)
    assert len(longest) > 400 and longest.count(" ") > 10
    for code in ("o1", "o5"):
        body = yaml.safe_load((RICH / "2567" / code / "item.yaml").read_text(encoding="utf-8"))["body"]
        assert "|---|" in body and "\n- " in body


def test_a_br_in_a_text_cell_is_a_line_break_on_the_page(tmp_path):
    from ita_site.pages.markup import render_markdown

    text = ("ตัวชี้วัด\tมาตรการ\tขั้นตอน/วิธีการ\tผลการดำเนินการตามมาตรการ\n"
            "๑. ประสิทธิภาพการสื่อสาร\tมาตรการ\tขั้นตอน\t<p>บรรทัดแรก<br>บรรทัดสอง</p>\n")
    (entry,) = parse_tsv_table(text).indicators[0].results
    assert entry == "บรรทัดแรก<br>\nบรรทัดสอง"
    assert render_markdown(entry) == "<p>บรรทัดแรก<br>\nบรรทัดสอง</p>"
