"""Table items: rows per period in CSV or YAML, one schema per kind, the page, its CSV and XLSX."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from sitekit import REPO, build, minimal_files, page, run, write_site

from ita_site import thai

TABLES_SITE = REPO / "tests" / "sites" / "tables"
HEADER = ("ที่,ชื่อรายการ,วงเงินงบประมาณ,แหล่งที่มาของงบประมาณ,สถานะการจัดซื้อจัดจ้าง,วิธีการ,ราคากลาง,ราคาที่ตกลง,"
          "ผู้ประกอบการที่ได้รับคัดเลือก,เหตุผลที่คัดเลือกโดยสังเขป,เลขที่โครงการในระบบ e-GP,เลขที่และวันที่ของสัญญา")
MONTHS = ["ตุลาคม ๒๕๖๘", "พฤศจิกายน ๒๕๖๘", "ธันวาคม ๒๕๖๘", "มกราคม ๒๕๖๙", "กุมภาพันธ์ ๒๕๖๙", "มีนาคม ๒๕๖๙"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("tables") / "site"
    shutil.copytree(TABLES_SITE, project)
    from ita_site.cli import main

    assert main(["build", "--project", str(project), "--output", str(project / "output")]) == 0
    return project / "output"


def test_page_has_one_section_per_month_and_says_none_for_the_empty_one(built):
    html = page(built, "2569/o11/")
    assert re.findall(r'<h3 id="period-[^"]+-title">([^<]+)</h3>', html) == MONTHS
    february = re.search(r'<section id="period-2569-02".*?</section>', html, re.S).group(0)
    assert "ไม่มีการจัดซื้อจัดจ้าง" in february and "<table" not in february
    assert html.count('<table class="measures rows-table">') == 5


def test_table_has_caption_header_scopes_and_totals(built):
    html = page(built, "2569/o11/")
    october = re.search(r'<section id="period-2568-10".*?</section>', html, re.S).group(0)
    assert "<caption>สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ ตุลาคม ๒๕๖๘ (๒ รายการ)</caption>" in october
    assert october.count('<th scope="col"') == 12 and october.count('<th scope="row"') == 3   # 2 rows + total
    assert '<td data-label="ราคาที่ตกลง" class="num">๑๑๘,๕๐๐.๐๐</td>' in october
    footer = re.search(r"<tfoot>.*?</tfoot>", october, re.S).group(0)
    assert "รวม" in footer and "๑๓๕,๐๐๐.๐๐" in footer and "๑๓๒,๗๐๐.๕๐" in footer     # 118,500 + 14,200.50
    assert 'href="o11-2569.csv"' in html and 'href="o11-2569.xlsx"' in html


def test_csv_beside_the_page_holds_every_period_with_formulas_neutralised(built):
    text = (built / "2569/o11/o11-2569.csv").read_bytes().decode("utf-8")
    assert text.startswith("\ufeffงวด,ที่,ชื่อรายการ,")
    lines = text[1:].split("\r\n")[1:-1]
    months = [thai.to_digits(m, "arabic") for m in MONTHS]          # spreadsheets keep Arabic digits
    assert [line.split(",")[0] for line in lines] == [months[0]] * 2 + [months[1]] + [months[2]] * 2 + [months[3]] + \
        [months[4]] + [months[5]]
    assert lines[6] == "กุมภาพันธ์ 2569,,ไม่มีการจัดซื้อจัดจ้าง,,,,,,,,,,"
    assert "'=HYPERLINK" in text and ",'@ผู้ประกอบการทดสอบ," in text
    assert not re.search(r'(^|,)"?[=+@]', text, re.M)


def test_xlsx_beside_the_page_has_numbers_as_numbers_and_no_formula(built):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO((built / "2569/o11/o11-2569.xlsx").read_bytes()))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("งวด", "ที่", "ชื่อรายการ") and len(rows) == 1 + 8
    assert rows[1][3] == 120000 and rows[1][8] == 118500 and rows[2][8] == 14200.5
    assert rows[7][0] == "กุมภาพันธ์ 2569" and rows[7][2] == "ไม่มีการจัดซื้อจัดจ้าง"
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)
    assert any(str(v).startswith("'=HYPERLINK") for row in rows for v in row)


def test_quarters_and_yaml_rows_for_complaints(built):
    html = page(built, "2569/o18/")
    assert "ไตรมาสที่ ๓ ปีงบประมาณ พ.ศ. ๒๕๖๘" in html and "ไตรมาสที่ ๔ ปีงบประมาณ พ.ศ. ๒๕๖๘" in html
    assert "ไม่มีเรื่องร้องเรียน" in html
    footer = re.search(r"<tfoot>.*?</tfoot>", html, re.S).group(0)
    assert re.search(r'data-label="จำนวนเรื่องที่ได้รับ \(รวม\)" class="num">๓<', footer)


def test_the_itas_sheet_and_the_pack_name_the_table_spreadsheets_as_evidence(built):
    """2569 O11 is published as PDF + XLSX by agencies: the assessor's URLs of the table's CSV and XLSX."""
    import csv

    base = "https://tables.example.go.th/ita/2569/o11/"
    with open(built / "itas-2569.csv", encoding="utf-8-sig", newline="") as handle:
        o11 = next(row for row in csv.reader(handle) if row[0] == "O11")
    assert o11[3].split("\n") == [base + "o11-2569.csv", base + "o11-2569.xlsx"]
    pack_html = page(built, "2569/pack/")
    assert 'href="../o11/o11-2569.xlsx"' in pack_html and 'href="../o11/o11-2569.csv"' in pack_html


def test_the_table_spreadsheets_are_reproducible(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1775000000")
    outputs = []
    for name in ("a", "b"):
        project = tmp_path / name
        shutil.copytree(TABLES_SITE, project)
        assert build(capsys, project)[0] == 0
        outputs.append((project / "output/2569/o11/o11-2569.xlsx").read_bytes())
    assert outputs[0] == outputs[1]


def _site(rows: dict[str, str]) -> dict[str, str]:
    files = minimal_files()
    files["content/site.yaml"] += '  "2569": {catalogue: nacc-2569}\n'
    files["content/2569/o11/item.yaml"] = "code: O11\nupdated: 2026-01-05\ntable:\n  kind: procurement\n"
    files.update({f"content/2569/o11/rows/{name}": text for name, text in rows.items()})
    return files


def test_bad_rows_are_reported_with_file_line_and_column(capsys, tmp_path):
    rows = {
        "2568-10.csv": "ที่,ชื่อรายการ,วงเงิน,วิธีการ,ราคาที่ตกลง,ผู้ประกอบการที่ได้รับคัดเลือก\n1,ก,1,ข,2,ค\n",
        "2568-11.csv": HEADER + "\n1,ซื้อ,สองพัน,งบ,เสร็จ,เฉพาะเจาะจง,1,1,ร้าน,,123,\n2,ซื้อ,1,งบ,เสร็จ,เฉพาะเจาะจง,1,1,,,123,\n",
        "2568-12.yaml": "rows:\n  - no: 1\n    title: ซื้อ\n    budget: 10\n    method: ก\n    agreed_price: 5\n"
                        "    supplier: ร้าน\n    colour: แดง\n",
        "october.csv": HEADER + "\n",
    }
    project = write_site(tmp_path, _site(rows))
    code, out, err = build(capsys, project)
    assert code == 1
    assert "content/2569/o11/rows/2568-10.csv:1:16: ไม่รู้จักหัวคอลัมน์ \"วงเงิน\"" in err
    assert "content/2569/o11/rows/2568-11.csv:2:8: \"สองพัน\" ไม่ใช่จำนวนเงินเป็นบาท" in err
    assert "content/2569/o11/rows/2568-11.csv:3:1: ขาดคีย์ที่ต้องมี 'supplier'" in err
    assert re.search(r"content/2569/o11/rows/2568-12.yaml:8:5: .*colour", err)
    assert "content/2569/o11/rows/october.csv: ชื่อไฟล์ในโฟลเดอร์ rows/ ต้องเป็นงวด" in err
    assert not (project / "output").exists()


def test_a_missing_month_is_a_warning_that_says_how_to_state_none(capsys, tmp_path):
    row = HEADER + "\n1,ซื้อ,1,งบ,เสร็จ,เฉพาะเจาะจง,1,1,ร้าน,,681090123,\n"
    project = write_site(tmp_path, _site({"2568-10.csv": row, "2568-12.csv": row}))
    code, out, err = build(capsys, project)
    assert code == 0
    assert "content/2569/o11/item.yaml:4:3: คำเตือน: ไม่มีไฟล์ของเดือน พฤศจิกายน 2568 (rows/2568-11.csv)" in out + err


def test_missing_months_are_listed_in_calendar_order(capsys, tmp_path):
    """Thai month names sort otherwise (กุมภาพันธ์ before ธันวาคม before พฤศจิกายน before มกราคม)."""
    row = HEADER + "\n1,ซื้อ,1,งบ,เสร็จ,เฉพาะเจาะจง,1,1,ร้าน,,681090123,\n"
    project = write_site(tmp_path, _site({"2568-10.csv": row, "2569-03.csv": row}))
    code, out, err = build(capsys, project)
    assert code == 0
    said = [line.split("ไม่มีไฟล์ของเดือน ", 1)[1].split(" (", 1)[0]
            for line in (out + err).splitlines() if "ไม่มีไฟล์ของเดือน" in line]
    assert said == ["พฤศจิกายน 2568", "ธันวาคม 2568", "มกราคม 2569", "กุมภาพันธ์ 2569"]


def test_a_period_outside_the_fiscal_year_is_a_warning_and_asks_for_no_later_months(capsys, tmp_path):
    row = HEADER + "\n1,ซื้อ,1,งบ,เสร็จ,เฉพาะเจาะจง,1,1,ร้าน,,681090123,\n"
    names = ["2567-10.csv", "2568-10.csv", "2568-11.csv", "2570-01.csv"]    # FY2568 (previous-fy rules), 2569, 2570
    project = write_site(tmp_path, _site({name: row for name in names}))
    code, out, err = build(capsys, project)
    assert code == 0, err
    assert ("content/2569/o11/rows/2570-01.csv:1:1: คำเตือน: งวด มกราคม 2570 อยู่นอกปีงบประมาณ 2569 และปีก่อนหน้า"
            in out + err)
    assert "rows/2567-10.csv:1:1" not in out + err                      # the year before: a previous-fy item's
    assert "rows/2569-10.csv" not in out + err and "rows/2569-12.csv" not in out + err   # no FY2570 month asked for
    assert "rows/2568-09.csv" in out + err                              # months between kept periods still are


COMPLAINT = "ที่,ประเภทเรื่องร้องเรียน,ช่องทางที่รับเรื่อง,จำนวนเรื่องที่ได้รับ,ดำเนินการแล้วเสร็จ,อยู่ระหว่างดำเนินการ,หมายเหตุ\n"


@pytest.mark.parametrize("names, status", [(["2568-q3.csv", "2568-q4.csv"], "เผยแพร่แล้ว (published)"),
                                           (["2568-q4.csv", "2569-q1.csv"], "เอกสารนอกช่วงเวลา (out of period)"),
                                           (["2569-q1.csv"], "เอกสารนอกช่วงเวลา (out of period)")])
def test_table_periods_are_judged_by_the_items_period_rule(capsys, tmp_path, names, status):
    """2569 O18 asks for the previous fiscal year (FY2568): a quarter of FY2569 is out of its period; an item
    whose every period is outside is ไม่มี in the ITAS sheet."""
    import csv

    files = minimal_files()
    files["content/site.yaml"] += '  "2569": {catalogue: nacc-2569}\n'
    files["content/2569/o18/item.yaml"] = "code: O18\nupdated: 2026-01-05\ntable:\n  kind: complaints\n"
    row = COMPLAINT + "1,การจัดซื้อจัดจ้าง,เว็บไซต์,2,1,1,\n"
    files.update({f"content/2569/o18/rows/{name}": row for name in names})
    project = write_site(tmp_path, files)
    code, out, _err = run(capsys, "report", "--project", str(project), "--year", "2569")
    line = next(text for text in out.splitlines() if text.strip().startswith("O18 "))
    assert status in line
    outside = [text.strip() for text in out.splitlines() if "ลงวันที่ (dated)" in text]
    assert outside == [f"- งวด ไตรมาสที่ 1 ปีงบประมาณ พ.ศ. 2569 (rows/2569-q1.csv) ลงวันที่ (dated) 2025-10-01 "
                       "ไม่อยู่ในช่วง (outside) ย้อนหลัง 1 ปีงบประมาณ 1 ต.ค. 67 – 30 ก.ย. 68"] * ("2569-q1.csv" in names)
    assert build(capsys, project)[0] == 0
    with open(project / "output/itas-2569.csv", encoding="utf-8-sig", newline="") as handle:
        o18 = next(r for r in csv.reader(handle) if r[0] == "O18")
    assert ("ไม่มี" if names == ["2569-q1.csv"] else "มี") in o18


@pytest.mark.parametrize("fy, code, kind, period", [(2569, "o11", "procurement", "2568-10"),
                                                    (2569, "o18", "complaints", "2567-10"),
                                                    (2568, "o12", "procurement", "2567-10"),
                                                    (2568, "o19", "complaints", "2566-10")])
def test_new_item_scaffolds_a_table_item_with_a_placeholder_row(capsys, tmp_path, fy, code, kind, period):
    files = minimal_files()
    files["content/site.yaml"] += f'  "{fy}": {{catalogue: nacc-{fy}}}\n'
    project = write_site(tmp_path, files)
    result, out, err = run(capsys, "new", "item", str(fy), code, "--project", str(project))
    assert result == 0, out + err
    rows = project / f"content/{fy}/{code}/rows/{period}.yaml"
    assert f"kind: {kind}" in (project / f"content/{fy}/{code}/item.yaml").read_text(encoding="utf-8")
    assert f"rows-{kind}.schema.json" in rows.read_text(encoding="utf-8").splitlines()[0]
    result, out, err = run(capsys, "check", "--project", str(project))
    assert result == 0, out + err
    assert f"content/{fy}/{code}/rows/{period}.yaml:12:" in out + err and "[กรอก]" in out + err    # placeholder row


def _xlsx(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


SKR1 = ["ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินที่จะซื้อหรือจ้าง", "ราคากลาง", "วิธีซื้อหรือจ้าง",
        "ผู้ได้รับการคัดเลือก", "ราคาที่ตกลงซื้อหรือจ้าง", "เหตุผลที่คัดเลือกโดยสังเขป", "เลขที่โครงการ"]


def test_import_rows_from_an_agency_xlsx(capsys, tmp_path):
    project = write_site(tmp_path / "site", _site({}))
    sheet = _xlsx(tmp_path / "skr1.xlsx", [
        ["แบบ สขร.1 สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือนตุลาคม 2568"], [],
        ["ที่"] + SKR1[1:],
        [1, "ซื้อน้ำดื่ม", 3000, 3000, "เฉพาะเจาะจง", "ร้านน้ำใส", 2900, "ราคาต่ำสุด", "68109000001"],
        [2, "จ้างซ่อมรถ", 12500.5, 12500.5, "เฉพาะเจาะจง", "@ร้านซ่อม", 12000, "ราคาต่ำสุด", "68109000002"],
    ])
    code, out, err = run(capsys, "import", str(sheet), "--year", "2569", "--item", "o11", "--period", "2568-10",
                         "--project", str(project))
    assert code == 0, out + err
    assert "2 แถว (rows)" in out
    text = (project / "content/2569/o11/rows/2568-10.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("ที่,ชื่อรายการ,วงเงินงบประมาณ,ราคากลาง,วิธีการจัดซื้อจัดจ้าง")
    empty = _xlsx(tmp_path / "empty.xlsx", [["ที่"] + SKR1[1:]])
    assert run(capsys, "import", str(empty), "--year", "2569", "--item", "o11", "--period", "2568-11",
               "--project", str(project))[0] == 0
    assert build(capsys, project)[0] == 0
    html = page(project / "output", "2569/o11/")
    assert "ซื้อน้ำดื่ม" in html and "๑๒,๕๐๐.๕๐" in html and "ไม่มีการจัดซื้อจัดจ้าง" in html
    csv_text = (project / "output/2569/o11/o11-2569.csv").read_text(encoding="utf-8-sig")
    assert ",'@ร้านซ่อม," in csv_text
    again = run(capsys, "import", str(sheet), "--year", "2569", "--item", "o11", "--period", "2568-10",
                "--project", str(project))
    assert again[0] == 1 and "ไม่เขียนทับ" in again[2]


def test_import_reports_the_sheet_cells_and_writes_nothing(capsys, tmp_path):
    project = write_site(tmp_path / "site", _site({}))
    sheet = _xlsx(tmp_path / "bad.xlsx", [["ที่"] + SKR1[1:],
                                          [1, "ซื้อ", "สามพัน", 3000, "เฉพาะเจาะจง", "ร้าน", 2900, "", "68109000001"]])
    code, out, err = run(capsys, "import", str(sheet), "--year", "2569", "--item", "o11", "--period", "2568-10",
                         "--project", str(project))
    assert code == 1 and "bad.xlsx:C2: \"สามพัน\" ไม่ใช่จำนวนเงินเป็นบาท" in err
    assert not (project / "content/2569/o11/rows").exists()


def test_import_reads_the_row_number_column_of_the_official_form(capsys, tmp_path):
    """The สขร.1 form and complaint sheets head their first column "ลำดับที่" or "ลำดับ", not "ที่"."""
    files = _site({})
    files["content/2569/o18/item.yaml"] = "code: O18\nupdated: 2026-01-05\ntable:\n  kind: complaints\n"
    project = write_site(tmp_path / "site", files)
    skr1 = _xlsx(tmp_path / "skr1.xlsx", [SKR1, [1, "ซื้อน้ำดื่ม", 3000, 3000, "เฉพาะเจาะจง", "ร้านน้ำใส", 2900,
                                                  "ราคาต่ำสุด", "68109000001"]])
    code, out, err = run(capsys, "import", str(skr1), "--year", "2569", "--item", "o11", "--period", "2568-10",
                         "--project", str(project))
    assert code == 0, out + err
    assert (project / "content/2569/o11/rows/2568-10.csv").read_text(encoding="utf-8").startswith("ที่,ชื่อรายการ,")
    complaints = _xlsx(tmp_path / "complaints.xlsx", [["ลำดับ", "ประเภทเรื่องร้องเรียน", "จำนวนเรื่อง",
                                                        "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ"],
                                                       [1, "การจัดซื้อจัดจ้าง", 2, 1, 1]])
    code, out, err = run(capsys, "import", str(complaints), "--year", "2569", "--item", "o18", "--period",
                         "2569-q1", "--project", str(project))
    assert code == 0, out + err
    assert build(capsys, project)[0] == 0
    assert "ซื้อน้ำดื่ม" in page(project / "output", "2569/o11/")


@pytest.mark.parametrize("name", ["skr1.xlsx", "skr1.csv"])
def test_a_sheet_imported_without_its_period_is_told_to_name_one(capsys, tmp_path, name):
    project = write_site(tmp_path / "site", _site({}))
    if name.endswith(".xlsx"):
        sheet = _xlsx(tmp_path / name, [["ที่"] + SKR1[1:]])
    else:
        sheet = tmp_path / name
        sheet.write_text(HEADER + "\n", encoding="utf-8")
    code, out, err = run(capsys, "import", str(sheet), "--year", "2569", "--item", "o11", "--project", str(project))
    assert code == 1 and "--period" in err and "2568-10" in err, err
    assert "UTF-8" not in err and "measures table" not in err
    assert not (project / "content/2569/o11/rows").exists()
    with pytest.raises(SystemExit):
        run(capsys, "--help")
    listing = capsys.readouterr().out.split("\n    import ", 1)[1].split("\n    new ", 1)[0]
    assert ".xlsx" in listing                                             # the command list says so


def test_a_refused_import_names_the_columns_it_did_not_know(capsys, tmp_path):
    project = write_site(tmp_path / "site", _site({}))
    sheet = _xlsx(tmp_path / "odd.xlsx", [["เลขลำดับรายการ"] + SKR1[1:],
                                          [1, "ซื้อ", 3000, 3000, "เฉพาะเจาะจง", "ร้าน", 2900, "", "68109000001"]])
    code, out, err = run(capsys, "import", str(sheet), "--year", "2569", "--item", "o11", "--period", "2568-10",
                         "--project", str(project))
    assert code == 1 and "'no'" in err
    assert "ไม่รู้จักคอลัมน์ (unknown columns): เลขลำดับรายการ" in err


from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(["arabic", "thai"]), st.booleans())
def test_amounts_typed_as_agencies_type_them_parse_to_the_same_number(amount, digits, baht):
    from ita_site.model import tables
    from ita_site.errors import Problems

    text = thai.to_digits(f"{amount:,.2f}", digits) + (" บาท" if baht else "")
    doc = tables.csv_doc(f"ที่,ชื่อรายการ,วงเงินงบประมาณ\n1,ก,\"{text}\"\n", "x.csv", "procurement", Problems())
    assert doc.data["rows"][0]["budget"] == float(amount)


@settings(deadline=None)
@given(st.text(min_size=1, max_size=20))
def test_every_text_cell_is_safe_in_a_spreadsheet(text):
    from ita_site.publish.tablefiles import cell_text
    from ita_site.spreadsheet import TRIGGERS

    assert not cell_text(text).startswith(TRIGGERS)
    assert cell_text(text).removeprefix("'") == text or cell_text(text) == text


def test_rows_without_table_key_are_a_warning(capsys, tmp_path):
    files = _site({"2568-10.csv": HEADER + "\n"})
    files["content/2569/o11/item.yaml"] = "code: O11\nupdated: 2026-01-05\nbody: สรุป\n"
    project = write_site(tmp_path, files)
    code, out, err = build(capsys, project)
    assert code == 0 and "content/2569/o11/item.yaml:1:1: คำเตือน: มีไฟล์แถวในโฟลเดอร์ rows/ แต่ item.yaml ไม่มี table:" in out + err
