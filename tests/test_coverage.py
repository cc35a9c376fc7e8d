"""Coverage report: `ita-site report` and the webmaster page /report/<fy>/."""

from __future__ import annotations

import re
from datetime import date

import yaml
from sitekit import REPO, build, minimal_files, page, run, write_site

from ita_site.model import coverage
from ita_site.content.catalogue import Catalogue, CatalogueItem
from ita_site.model.site import Item, Link, Year

CATALOGUE_2564 = yaml.safe_load((REPO / "ita_site/catalogues/nacc-2564.yaml").read_text(encoding="utf-8"))
TITLES = {item["code"]: item["title"] for group in CATALOGUE_2564["groups"] for item in group["items"]}


def test_default_site_report_shows_1_of_43_and_names_the_42_missing(capsys):
    code, out, _ = run(capsys, "report", "--project", str(REPO))
    assert code == 0
    assert "เผยแพร่ 1 จาก 43 รายการ (1 of 43 published)" in out
    missing = re.findall(r"^\s+(O\d+)\s+ยังไม่เผยแพร่ \(missing\): (.+)$", out, re.MULTILINE)
    assert len(missing) == 42
    assert {code for code, _ in missing} == {f"O{n}" for n in range(1, 43)}
    assert all(TITLES[code] == title for code, title in missing)
    assert re.search(r"O43\s+เผยแพร่แล้ว \(published\).*https://www.satun.go.th/ita/2564/o43/", out)


def test_strict_exits_1_when_anything_is_not_published(capsys):
    assert run(capsys, "report", "--project", str(REPO), "--strict")[0] == 1
    assert run(capsys, "report", "--project", str(REPO), "--year", "2564")[0] == 0


def test_strict_passes_when_every_item_is_published(capsys, tmp_path):
    files = minimal_files()
    files["content/catalogues/tiny-2564.yaml"] = (
        "id: tiny-2564\nprofile: tiny\nyear: 2564\ntitle: ทดสอบ\ngroups:\n  - code: \"1\"\n    title: กลุ่ม\n"
        "    items:\n      - {code: O43, title: รายงาน, period: any, confidence: verified}\n")
    files["content/site.yaml"] = files["content/site.yaml"].replace("nacc-2564", "tiny-2564")
    project = write_site(tmp_path, files)
    code, out, _ = run(capsys, "report", "--project", str(project), "--strict")
    assert code == 0, out
    assert "เผยแพร่ 1 จาก 1 รายการ (1 of 1 published)" in out


def test_unknown_year_is_a_usage_error(capsys):
    code, _, err = run(capsys, "report", "--project", str(REPO), "--year", "2563")   # no year, no catalogue
    assert code == 2 and "2563" in err and "2564" in err


def test_content_problems_stop_the_report(capsys, tmp_path):
    files = minimal_files()
    files["content/2564/o43/item.yaml"] = "code: O43\n"           # `updated` is required
    project = write_site(tmp_path, files)
    code, _, err = run(capsys, "report", "--project", str(project))
    assert code == 1 and "content/2564/o43/item.yaml" in err


def test_empty_and_out_of_period_items(capsys, tmp_path):
    files = minimal_files()
    files["content/2564/o1/item.yaml"] = "code: O1\nupdated: 2021-01-05\n"                 # no content at all
    files["content/2564/o10/item.yaml"] = (                                                 # O10: current-fy
        "code: O10\nupdated: 2021-01-05\ndocuments:\n"
        "  - {title: แผนปีก่อน, url: 'https://www.test.go.th/plan-2563.pdf', date: 2020-01-15}\n"
        "  - {title: แผนปีนี้, url: 'https://www.test.go.th/plan-2564.pdf', date: 2020-10-15}\n")
    project = write_site(tmp_path, files)
    code, out, _ = run(capsys, "report", "--project", str(project))
    assert code == 0
    assert re.search(r"O1\s+ไม่มีเนื้อหา \(empty\)", out)
    assert re.search(r"O10\s+เอกสารนอกช่วงเวลา \(out of period\)", out)
    assert "แผนปีก่อน ลงวันที่ (dated) 2020-01-15" in out and "แผนปีนี้" not in out
    assert "ไม่มีเนื้อหา 1 (empty), ยังไม่กรอก 0 (unfilled), เอกสารนอกช่วงเวลา 1 (out of period)" in out


def _year(period: str, day: date | None) -> Year:
    cat = Catalogue("t-2564", "t", 2564, "t", [("1", "g")],
                    [CatalogueItem("O1", "t", "1", "g", "", "", period, "verified")])
    docs = [Link("เอกสาร", "https://x.go.th/a", day)]
    item = Item(2564, "O1", "t", "t", "", date(2021, 1, 1), "", "", docs, "src", url="2564/o1/")
    return Year(2564, "t-2564", [item], "2564/", oit=cat)


def test_period_rules_judge_the_document_date():
    status = lambda period, day: coverage.year_coverage(_year(period, day)).rows[0].status  # noqa: E731
    assert status("first-half", date(2021, 3, 31)) == coverage.PUBLISHED
    assert status("first-half", date(2021, 4, 1)) == coverage.OUT_OF_PERIOD
    assert status("previous-fy", date(2020, 9, 30)) == coverage.PUBLISHED
    assert status("previous-fy", date(2020, 10, 1)) == coverage.OUT_OF_PERIOD
    assert status("plan-covering", date(2019, 1, 1)) == coverage.PUBLISHED     # an older multi-year plan
    assert status("plan-covering", date(2021, 10, 1)) == coverage.OUT_OF_PERIOD
    assert status("any", date(1990, 1, 1)) == coverage.PUBLISHED
    assert status("current-fy", None) == coverage.PUBLISHED                     # undated: not judged


def test_report_page_is_noindex_unlinked_and_not_in_the_sitemap(capsys, tmp_path):
    out = tmp_path / "out"
    assert build(capsys, REPO, out, "--no-ledger-update")[0] == 0
    html = page(out, "report/2564/")
    assert '<meta name="robots" content="noindex' in html
    assert "เผยแพร่ ๑ จาก ๔๓ รายการ" in html
    assert html.count('<th scope="row">') == 43 and html.count("<caption>") == 7
    assert html.count("<td>ยังไม่เผยแพร่ <span lang=\"en\">(missing)</span>") == 42
    assert 'href="../../itas-2564.xlsx"' in html
    assert "report/" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    for other in out.rglob("*.html"):
        if "report" not in other.relative_to(out).parts:
            assert "report/2564" not in other.read_text(encoding="utf-8"), other
