"""The catalogue drives the site: the public OIT index per year, publishing any item, own catalogues,
and every item page within two clicks of the home page (crawled from the built files on disk)."""

from __future__ import annotations

import csv
import io
import posixpath
import re
import shutil
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitekit import OWN_CATALOGUE, REPO, SCHOOL_SITE_YAML, build, page, run

from ita_site.pages import markup

O1_ITEM = """\
code: O1
updated: "2021-01-05"
summary: แผนผังโครงสร้างของจังหวัด
documents:
  - title: แผนผังโครงสร้าง
    file: files/chart.csv
    date: "2020-11-02"
  - title: ประกาศแบ่งงานภายใน
    url: https://www.satun.go.th/notice.html
    date: "2020-10-15"
"""

def _text(html: str) -> str:
    return " ".join(markup.plain_text(html).split())


def default_copy(tmp_path: Path) -> Path:
    project = tmp_path / "site"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / "urls.ledger", project / "urls.ledger")
    return project


def add_o1(project: Path) -> None:
    folder = project / "content/2564/o1"
    (folder / "files").mkdir(parents=True)
    (folder / "files/chart.csv").write_text("หน่วยงาน,หัวหน้า\nกองกลาง,นาย ก\n", encoding="utf-8")
    (folder / "item.yaml").write_text(O1_ITEM, encoding="utf-8")


def test_year_page_lists_every_catalogue_item_in_order_grouped(capsys, tmp_path):
    out = tmp_path / "out"
    assert build(capsys, REPO, out, "--no-ledger-update")[0] == 0
    html = page(out, "2564/")
    main = html[html.index("<main"):html.index("</main>")]
    codes = re.findall(r'<span class="code">(O\d+)</span>', main)
    assert codes == [f"O{n}" for n in range(1, 44)]
    headings = re.findall(r"<h2 id=\"group-[^\"]+\">([^<]+)</h2>", main)
    assert headings[0] == "๙.๑ ข้อมูลพื้นฐาน" and headings[-1].startswith("๑๐.๒") and len(headings) == 7
    assert main.count("(ยังไม่เผยแพร่)") == 42
    assert re.search(r'<a href="o43/"><span class="code">O43</span> การดำเนินการตามมาตรการ', main)
    assert "เผยแพร่แล้ว ๑ จาก ๔๓ รายการ" in main


def test_adding_an_item_file_publishes_it_everywhere(capsys, tmp_path):
    project = default_copy(tmp_path)
    add_o1(project)
    code, stdout, err = build(capsys, project)
    assert code == 0, err
    out = project / "output"
    index = page(out, "2564/")
    assert '<a href="o1/"><span class="code">O1</span> โครงสร้าง</a>' in index       # official title
    assert index.count("(ยังไม่เผยแพร่)") == 41
    item = page(out, "2564/o1/")
    assert re.search(r'<a href="files/chart.csv"[^>]*>แผนผังโครงสร้าง</a> <span class="file-meta">\(CSV, [๐-๙]+ ไบต์\)',
                     item)
    assert ">ประกาศแบ่งงานภายใน</a>" in item and "ลงวันที่" in item and "datetime=\"2020-10-15\"" in item
    assert "<loc>https://www.satun.go.th/ita/2564/o1/</loc>" in (out / "sitemap.xml").read_text(encoding="utf-8")
    ledger = (project / "urls.ledger").read_text(encoding="utf-8").splitlines()
    assert "/2564/o1/" in ledger and "/2564/o1/files/chart.csv" in ledger
    rows = list(csv.reader(io.StringIO((out / "itas-2564.csv").read_text(encoding="utf-8-sig"))))
    o1 = rows[1]
    assert o1[:3] == ["O1", "โครงสร้าง", "https://www.satun.go.th/ita/2564/o1/"]
    assert o1[3].split("\n") == ["https://www.satun.go.th/ita/2564/o1/files/chart.csv",
                                 "https://www.satun.go.th/notice.html"]
    assert o1[5] == "มี"
    assert "urls.ledger" in stdout                         # the build says the ledger must be committed


def test_a_site_with_its_own_catalogue_builds_reports_and_exports(capsys, tmp_path):
    project = tmp_path / "school"
    files = {
        "content/site.yaml": SCHOOL_SITE_YAML,
        "content/catalogues/school-2567.yaml": OWN_CATALOGUE,
        "content/2567/sc2/item.yaml": "code: SC2\nupdated: 2024-01-10\nbody: แผนปฏิบัติการประจำปี 2567\n",
    }
    for rel, text in files.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text, encoding="utf-8")
    code, _, err = build(capsys, project)
    assert code == 0, err
    out = project / "output"
    index = page(out, "2567/")
    assert re.findall(r'<span class="code">(SC\d)</span>', index) == ["SC1", "SC2", "SC3"]
    assert ">S1 ข้อมูลโรงเรียน</h2>" in index and ">S2 การจัดซื้อจัดจ้าง</h2>" in index
    assert '<a href="sc2/"><span class="code">SC2</span> แผนปฏิบัติการประจำปีของโรงเรียน</a>' in index
    code, report, _ = run(capsys, "report", "--project", str(project))
    assert code == 0
    assert "school-2567" in report and "เผยแพร่ 1 จาก 3 รายการ (1 of 3 published)" in report
    assert re.search(r"SC1\s+ยังไม่เผยแพร่ \(missing\): ข้อมูลผู้อำนวยการโรงเรียน", report)
    rows = list(csv.reader(io.StringIO((out / "itas-2567.csv").read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["SC1", "SC2", "SC3"]
    assert [r[5] for r in rows[1:]] == ["ไม่มี", "มี", "ไม่มี"]


def test_an_item_outside_its_own_catalogue_is_refused(capsys, tmp_path):
    project = tmp_path / "school"
    (project / "content/catalogues").mkdir(parents=True)
    (project / "content/2567/o43").mkdir(parents=True)
    (project / "content/site.yaml").write_text(
        "agency: {name: โรงเรียนทดสอบ}\nmain_site: https://s.example.ac.th/\nbase_url: https://s.example.ac.th/\n"
        "years:\n  \"2567\": {catalogue: school-2567}\n", encoding="utf-8")
    (project / "content/catalogues/school-2567.yaml").write_text(OWN_CATALOGUE, encoding="utf-8")
    (project / "content/2567/o43/item.yaml").write_text("code: O43\nupdated: 2024-01-10\nbody: x\n", encoding="utf-8")
    code, _, err = build(capsys, project)
    assert code == 1
    assert "content/2567/o43/item.yaml:1:7" in err and "school-2567" in err


def test_catalogue_readme_names_own_catalogues_by_id():
    readme = (REPO / "ita_site/catalogues/README.md").read_text(encoding="utf-8")
    assert "{catalogue: moph-2567}" in readme
    assert "catalogues/moph-2567.yaml}" not in readme


def test_a_new_year_keeps_every_old_url_and_old_page_content(capsys, tmp_path):
    project = default_copy(tmp_path)
    assert build(capsys, project, tmp_path / "before")[0] == 0
    ledger_before = (project / "urls.ledger").read_text(encoding="utf-8")
    site_yaml = project / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace(
        '"2564":\n    catalogue: nacc-2564\n', '"2564":\n    catalogue: nacc-2564\n  "2567":\n    catalogue: nacc-2567\n'),
        encoding="utf-8")
    (project / "content/2567/o1").mkdir(parents=True)
    (project / "content/2567/o1/item.yaml").write_text("code: O1\nupdated: 2023-10-02\nbody: โครงสร้าง\n",
                                                        encoding="utf-8")
    assert build(capsys, project, tmp_path / "after")[0] == 0
    ledger_after = (project / "urls.ledger").read_text(encoding="utf-8").splitlines()
    assert set(ledger_before.splitlines()) < set(ledger_after) and "/2567/o1/" in ledger_after
    for url in ("2564/", "2564/o43/", "2564/o43/indicator-3/"):
        old, new = page(tmp_path / "before", url), page(tmp_path / "after", url)
        assert old[old.index("<main"):old.index("</main>")] == new[new.index("<main"):new.index("</main>")], url


# --- reachability, proven by crawling the files on disk ---------------------------------------------
class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def crawl(root: Path) -> dict[str, int]:
    """Clicks from index.html to every HTML file reachable by <a href> links (files under root)."""
    depth = {"index.html": 0}
    queue = deque(["index.html"])
    while queue:
        current = queue.popleft()
        parser = _Anchors()
        parser.feed((root / current).read_text(encoding="utf-8"))
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(current), unquote(parts.path)))
            if parts.path.endswith("/") or (root / target).is_dir():
                target = posixpath.join(target, "index.html")
            target = target.removeprefix("./")
            if target.endswith(".html") and (root / target).is_file() and target not in depth:
                depth[target] = depth[current] + 1
                queue.append(target)
    return depth


def test_every_published_item_page_is_within_two_clicks_of_home(capsys, tmp_path):
    project = default_copy(tmp_path)
    add_o1(project)
    assert build(capsys, project)[0] == 0
    out = project / "output"
    depths = crawl(out)
    item_pages = sorted(p.relative_to(out).as_posix() for p in out.glob("25*/o*/index.html"))
    assert item_pages == ["2564/o1/index.html", "2564/o43/index.html"]
    for item_page in item_pages:
        assert depths.get(item_page, 99) <= 2, item_page
    assert "report/2564/index.html" not in depths          # the webmaster report is not linked
    assert _text(page(out, "2564/o1/")).count("แผนผังโครงสร้าง") >= 1
