"""ITA 2568 and 2569 catalogues, corrections to 2566/2567, unconfirmed titles, site overrides, provisional 2570."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from sitekit import REPO, build, minimal_files, page, run, write_site

CATALOGUES = REPO / "ita_site" / "catalogues"
UNCONFIRMED = "ชื่อรายการยังไม่ยืนยัน: ตรวจกับคู่มือ ITA"
O26_2569 = "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"


def items(year: int) -> dict[str, dict]:
    data = yaml.safe_load((CATALOGUES / f"nacc-{year}.yaml").read_text(encoding="utf-8"))
    return {item["code"]: item for group in data["groups"] for item in group["items"]}


def report_rows(out: str) -> dict[str, str]:
    return dict(re.findall(r"^\s+(O\d+)\s+ยังไม่เผยแพร่ \(missing\): (.+)$", out, re.MULTILINE))


@pytest.mark.parametrize("year", (2568, 2569))
def test_report_lists_the_26_items_of_the_year_with_titles(capsys, year):
    code, out, _ = run(capsys, "report", "--project", str(REPO), "--year", str(year))
    assert code == 0
    rows = report_rows(out)
    assert list(rows) == [f"O{n}" for n in range(1, 27)]
    assert rows == {code: item["title"] for code, item in items(year).items()}
    assert f"เผยแพร่ 0 จาก 26 รายการ (0 of 26 published)" in out
    assert f"nacc-{year}" in out


def test_2569_o26_is_the_integrity_report_and_continues_the_old_o43(capsys):
    _, out, _ = run(capsys, "report", "--project", str(REPO), "--year", "2569")
    assert report_rows(out)["O26"] == O26_2569
    assert items(2569)["O26"]["continues"] == ["2567/O43"]


def test_unconfirmed_titles_are_flagged_in_the_report_and_confirmed_ones_not(capsys):
    _, out, _ = run(capsys, "report", "--project", str(REPO), "--year", "2569")
    lines = out.splitlines()
    after = {m.group(1): lines[i + 1] for i, line in enumerate(lines) if (m := re.match(r"\s+(O\d+)\s", line))}
    assert UNCONFIRMED in after["O1"]               # partial: one source only
    assert UNCONFIRMED not in after["O26"]          # verified: two sources
    unsure = sum(1 for item in items(2569).values() if item["confidence"] != "verified")
    assert f"ชื่อรายการที่ยังไม่ยืนยัน {unsure} รายการ" in out


def test_every_item_has_confidence_and_cited_sources_exist():
    for year in (2568, 2569):
        data = yaml.safe_load((CATALOGUES / f"nacc-{year}.yaml").read_text(encoding="utf-8"))
        refs = set(data["references"])
        for item in items(year).values():
            assert item["confidence"] in {"verified", "partial", "inferred"}
            assert set(item.get("sources", [])) <= refs, item["code"]
            if item["confidence"] == "verified":       # V = two independent sources agree
                assert len(item["sources"]) >= 2, item["code"]


def test_corrections_to_2566_and_2567():
    for year in (2566, 2567):
        data = yaml.safe_load((CATALOGUES / f"nacc-{year}.yaml").read_text(encoding="utf-8"))
        found = items(year)
        assert found["O23"]["title"] == "นโยบายหรือแผนการบริหารทรัพยากรบุคคล"
        assert found["O24"]["title"] == "การดำเนินการตามนโยบายหรือแผนการบริหารทรัพยากรบุคคล"
        assert found["O24"]["period"] == "first-half"
        assert {g["code"]: g["title"] for g in data["groups"]}["9.3"] == "การจัดซื้อจัดจ้าง"
        assert found["O16"]["period"] == found["O29"]["period"] == "first-half"


def test_no_machine_specific_paths_in_catalogues():
    for path in CATALOGUES.rglob("*"):
        if path.is_file():
            assert "/work/" not in path.read_text(encoding="utf-8"), path


def _site_2569(extra: dict[str, str] | None = None) -> dict[str, str]:
    files = minimal_files()
    files["content/site.yaml"] += '  "2569": {}\n'
    files["content/2569/o26/item.yaml"] = "code: O26\nsummary: รายงาน\nupdated: 2026-01-08\nbody: ผลการดำเนินการ\n"
    files.update(extra or {})
    return files


def test_report_page_marks_unconfirmed_titles(capsys, tmp_path):
    project = write_site(tmp_path, _site_2569())
    code, out, err = build(capsys, project)
    assert code == 0, err
    html = page(project / "output", "report/2569/")
    row_o1 = re.search(r"<th scope=\"row\">O1</th>(.*?)</tr>", html, re.S).group(1)
    row_o26 = re.search(r"<th scope=\"row\">O26</th>(.*?)</tr>", html, re.S).group(1)
    assert UNCONFIRMED in row_o1 and UNCONFIRMED not in row_o26


def test_new_item_says_the_title_is_unconfirmed(capsys, tmp_path):
    project = write_site(tmp_path, _site_2569())
    code, out, err = run(capsys, "new", "item", "2569", "o3", "--project", str(project))
    assert code == 0, err
    assert UNCONFIRMED in out + err
    text = (project / "content/2569/o3/item.yaml").read_text(encoding="utf-8")
    assert "ข้อมูลการติดต่อและช่องทางการสอบถาม" in text and UNCONFIRMED in text
    code, out, err = run(capsys, "new", "item", "2569", "o26", "--project", str(project) + "/")
    assert code != 0 or UNCONFIRMED not in out          # o26 already exists; a verified title has no notice


OWN = """\
id: satun-2569
profile: nacc
year: 2569
title: บัญชีรายการ OIT ปี 2569 ของจังหวัด (ตรวจกับคู่มือแล้ว)
extends: nacc-2569
references:
  M1: คู่มือการประเมิน ITA ประจำปี 2569
items:
  - code: O2
    title: ข้อมูลผู้บริหารและอำนาจหน้าที่
    confidence: verified
    sources: [M1]
  - code: O27
    group: "10.2"
    title: รายการเพิ่มเติมของจังหวัด
    period: any
"""


def test_a_site_catalogue_extends_a_shipped_one(capsys, tmp_path):
    files = _site_2569({"content/catalogues/satun-2569.yaml": OWN})
    files["content/site.yaml"] = files["content/site.yaml"].replace('"2569": {}', '"2569": {catalogue: satun-2569}')
    project = write_site(tmp_path, files)
    code, out, err = run(capsys, "report", "--project", str(project), "--year", "2569")
    assert code == 0, err
    rows = report_rows(out)
    assert rows["O2"] == "ข้อมูลผู้บริหารและอำนาจหน้าที่" and rows["O27"] == "รายการเพิ่มเติมของจังหวัด"
    assert list(rows)[-1] == "O27" and len(rows) == 27 - 1     # O26 is published
    lines = out.splitlines()
    o2 = next(i for i, line in enumerate(lines) if re.match(r"\s+O2\s", line))
    assert UNCONFIRMED not in lines[o2 + 1]


def test_bad_site_catalogue_gets_placed_messages(capsys, tmp_path):
    bad = OWN.replace("sources: [M1]", "sources: [M9]").replace('group: "10.2"', 'group: "11.9"')
    files = _site_2569({"content/catalogues/satun-2569.yaml": bad})
    files["content/site.yaml"] = files["content/site.yaml"].replace('"2569": {}', '"2569": {catalogue: satun-2569}')
    project = write_site(tmp_path, files)
    code, out, err = build(capsys, project)
    assert code == 1
    assert "content/catalogues/satun-2569.yaml:12:15: ไม่พบแหล่งข้อมูล M9 ใน references" in err
    assert "content/catalogues/satun-2569.yaml:13:" in err and "รายการใหม่ O27 ต้องมี group" in err


def test_2570_is_provisional_with_a_warning(capsys, tmp_path):
    code, out, err = run(capsys, "report", "--project", str(REPO), "--year", "2570")
    assert code == 0
    assert "ฉบับชั่วคราว" in out and "provisional" in out
    rows = report_rows(out)
    assert rows == {code: item["title"] for code, item in items(2569).items()}
    assert out.count(UNCONFIRMED) == 26 and "ชื่อรายการที่ยังไม่ยืนยัน 26 รายการ" in out   # every item


def test_new_help_says_which_catalogues_exist_and_how_sure_each_is(capsys):
    with pytest.raises(SystemExit):
        run(capsys, "new", "--help")
    out = capsys.readouterr().out
    for year in (2568, 2569):
        counts = {c: sum(1 for i in items(year).values() if i["confidence"] == c)
                  for c in ("verified", "partial", "inferred")}
        assert (f"nacc-{year}          O1-O26  ไม่พบคู่มือ ป.ป.ช.: ยืนยัน {counts['verified']}, "
                f"บางส่วน {counts['partial']}, อนุมาน {counts['inferred']}") in out
    assert "nacc-2564" in out and "2570" in out and "ฉบับชั่วคราว" in out


LOOP = """\
id: loop-{year}
profile: nacc
year: {year}
title: บัญชีที่สืบต่อกันเป็นวง
extends: nacc-2569
previous: {other}
items:
  - code: O26
    continues: ["{other}/O26", "{other}/O1", "{other}/O2"]
"""


def test_catalogues_that_continue_each_other_get_placed_messages_not_a_hang(tmp_path):
    """Two site catalogues that continue each other (2569 from 2570 and back) once made the roll-over walk
    branch three ways at every step down to its depth limit: the build never ended. Now each wrong year is
    reported where it is written, and the build stops at once."""
    import subprocess
    import sys

    files = _site_2569({"content/catalogues/loop-2569.yaml": LOOP.format(year=2569, other=2570),
                        "content/catalogues/loop-2570.yaml": LOOP.format(year=2570, other=2569).replace(
                            "previous: 2569\n", "previous: 2571\n"),
                        "content/2570/o26/item.yaml": "code: O26\nsummary: รายงาน\nupdated: 2026-11-08\nbody: ผล\n",
                        "content/2568/o26/item.yaml": "code: O26\nsummary: รายงาน\nupdated: 2025-01-08\nbody: ผล\n"})
    files["content/site.yaml"] = files["content/site.yaml"].replace(
        '"2569": {}', '"2568": {}\n  "2569": {catalogue: loop-2569}\n  "2570": {catalogue: loop-2570}')
    project = write_site(tmp_path / "site", files)
    proc = subprocess.run([sys.executable, "-m", "ita_site", "build", "--project", str(project), "--output",
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert proc.returncode == 1, proc.stderr
    err = proc.stderr
    assert "content/catalogues/loop-2569.yaml:6:11: previous (2570) ต้องเป็นปีก่อนปี 2569 ของบัญชีรายการนี้" in err
    assert "previous (2570) must be a year before this catalogue's year 2569" in err
    assert "content/catalogues/loop-2570.yaml:6:11: previous (2571) ต้องเป็นปีก่อนปี 2570" in err
    for col, ref in ((17, "2570/O26"), (29, "2570/O1"), (40, "2570/O2")):
        assert f"content/catalogues/loop-2569.yaml:9:{col}: continues อ้างถึง {ref} ซึ่งไม่ใช่รายการของปีก่อนปี 2569" in err
    assert "content/catalogues/loop-2570.yaml:9:" not in err          # 2569 is before 2570: no message
    assert not (tmp_path / "out").exists()
