"""The ITAS sheets: output/itas-<fy>.csv and .xlsx, in catalogue order, byte-for-byte reproducible."""

from __future__ import annotations

import csv
import hashlib
import io
import time
import zipfile
from datetime import datetime, timezone

from openpyxl import load_workbook
from sitekit import INDICATOR_YAML, REPO, build, minimal_files, write_site

from ita_site.publish import itas
from ita_site.pipeline import load_site

HEADER = ["รหัสรายการ (code)", "ชื่อรายการ (title)", "URL หน้ารายการ (item URL)",
          "URL เอกสาร (document URLs)", "คำอธิบายเพิ่มเติม (note)", "มี/ไม่มี (has)",
          "ปรับปรุงล่าสุด (last update)"]


def read_csv(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))             # Excel opens Thai text correctly
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_default_site_sheet_lists_all_43_items_in_catalogue_order(capsys, tmp_path):
    out = tmp_path / "out"
    assert build(capsys, REPO, out, "--no-ledger-update")[0] == 0
    rows = read_csv(out / "itas-2564.csv")
    assert rows[0] == HEADER
    assert [r[0] for r in rows[1:]] == [f"O{n}" for n in range(1, 44)]
    assert rows[2] == ["O2", "ข้อมูลผู้บริหาร", "", "", "", "ไม่มี", ""]
    o43 = rows[43]
    assert o43[2] == "https://www.satun.go.th/ita/2564/o43/" and o43[5] == "มี" and o43[6] == "2021-01-08"
    assert o43[4].startswith("หน้านี้อยู่บนเว็บไซต์หลักของจังหวัดสตูล")       # the item's own `note`
    sheet = load_workbook(out / "itas-2564.xlsx").active
    values = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert values == rows


def test_note_is_generated_when_the_item_has_none(capsys, tmp_path):
    project = write_site(tmp_path, minimal_files())
    assert build(capsys, project)[0] == 0
    o43 = next(r for r in read_csv(project / "output/itas-2564.csv") if r[0] == "O43")
    assert o43[4] == ("ข้อ O43 การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
                      "เผยแพร่บนเว็บไซต์หลักของสำนักงานทดสอบ (https://www.test.go.th/) "
                      "ในส่วนการเปิดเผยข้อมูลสาธารณะ (OIT) ปีงบประมาณ พ.ศ. ๒๕๖๔ "
                      "หัวข้อ ๑๐.๒ มาตรการภายในเพื่อป้องกันการทุจริต ที่ https://www.test.go.th/ita/2564/o43/ "
                      "มีเอกสารหลักฐาน ๑ รายการ และรายงานแยกตามตัวชี้วัด ๑ ตัวชี้วัด")


def test_xlsx_carries_the_content_date_not_the_clock():
    site = load_site(REPO)
    data = itas.xlsx_bytes(site, site.years[0])
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert {info.date_time for info in archive.infolist()} == {(2021, 1, 8, 0, 0, 0)}   # O43 `updated`
    core = archive.read("docProps/core.xml").decode("utf-8")
    assert "2021-01-08T00:00:00Z</dcterms:created>" in core and "2021-01-08T00:00:00Z</dcterms:modified>" in core


def test_xlsx_follows_source_date_epoch():
    site = load_site(REPO)
    epoch = int(datetime(2024, 5, 6, 7, 8, 10, tzinfo=timezone.utc).timestamp())
    archive = zipfile.ZipFile(io.BytesIO(itas.xlsx_bytes(site, site.years[0], epoch)))
    assert {info.date_time for info in archive.infolist()} == {(2024, 5, 6, 7, 8, 10)}
    assert "2024-05-06T07:08:10Z" in archive.read("docProps/core.xml").decode("utf-8")


def test_two_builds_give_identical_sheets(capsys, tmp_path):
    assert build(capsys, REPO, tmp_path / "a", "--no-ledger-update")[0] == 0
    time.sleep(2.1)                       # ZIP times have a 2-second grain: a clock time would differ
    assert build(capsys, REPO, tmp_path / "b", "--no-ledger-update")[0] == 0
    for name in itas.filenames(2564):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_evidence_of_indicators_is_listed_and_urls_are_hyperlinks(capsys, tmp_path):
    project = write_site(tmp_path, minimal_files())
    assert build(capsys, project)[0] == 0
    out = project / "output"
    o43 = next(r for r in read_csv(out / "itas-2564.csv") if r[0] == "O43")
    assert o43[3] == "https://www.test.go.th/ita/2564/o43/files/notice.txt"      # an indicator result's file
    book = load_workbook(out / "itas-2564.xlsx")
    sheet = book.worksheets[0]
    row = next(line for line in sheet.iter_rows(min_row=2) if line[0].value == "O43")
    assert row[2].hyperlink.target == "https://www.test.go.th/ita/2564/o43/"
    assert row[3].hyperlink.target == "https://www.test.go.th/ita/2564/o43/files/notice.txt"
    assert row[4].hyperlink is None and isinstance(row[4].value, str)              # text stays text
    files = [[c.value for c in line] for line in book.worksheets[1].iter_rows()]
    digest = hashlib.sha256("ประกาศ\n".encode("utf-8")).hexdigest()
    assert files[1] == ["O43", "ประกาศ", "https://www.test.go.th/ita/2564/o43/files/notice.txt", "TXT",
                        len("ประกาศ\n".encode("utf-8")), "2021-01-08", digest]
    assert book.worksheets[1]["C2"].hyperlink.target == files[1][2]


def _o43_has(capsys, tmp_path, dates: list[str]) -> str:
    """มี/ไม่มี of O43 when its one indicator result carries one file per date."""
    entries = "".join(f"      - file: files/notice{n}.txt\n        title: ประกาศ {n}\n        date: {day}\n"
                      for n, day in enumerate(dates))
    indicator = INDICATOR_YAML.split("    attachments:")[0] + "    attachments:\n" + entries
    files = minimal_files({"content/2564/o43/01-communication.yaml": indicator})
    files.update({f"content/2564/o43/files/notice{n}.txt": f"{n}\n" for n in range(len(dates))})
    project = write_site(tmp_path, files)
    code, _out, err = build(capsys, project)
    assert code == 0, err
    return next(r for r in read_csv(project / "output/itas-2564.csv") if r[0] == "O43")[5]


def test_has_follows_the_period_rules(capsys, tmp_path):
    # O43 of nacc-2564 asks for evidence of the first half of fiscal year 2564 (1 Oct 2020 - 31 Mar 2021).
    assert _o43_has(capsys, tmp_path / "inside", ["2021-01-08"]) == "มี"
    assert _o43_has(capsys, tmp_path / "outside", ["2019-01-08"]) == "ไม่มี"    # evidence only out of period
    assert _o43_has(capsys, tmp_path / "both", ["2019-01-08", "2021-01-08"]) == "มี"
