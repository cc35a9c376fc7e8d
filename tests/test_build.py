"""The core promise: content in, a complete site with permanent direct URLs out."""

from __future__ import annotations

import csv
import json
import re

from sitekit import REPO, build, minimal_files, page, tree_hash, write_site

from ita_site.pages import markup
from ita_site.publish import manifests
from ita_site.authoring.importer import parse_tsv_table

SEED = REPO / "tests" / "fixtures" / "seed_o43.txt"


def _text(html: str) -> str:
    return " ".join(markup.plain_text(html).split())


def test_default_site_has_every_indicator_measure_step_and_result(capsys, tmp_path):
    out = tmp_path / "out"
    code, stdout, _ = build(capsys, REPO, out)
    assert code == 0, stdout
    table = parse_tsv_table(SEED.read_text(encoding="utf-8"))
    assert len(table.indicators) == 7
    item_text = _text(page(out, "2564/o43/"))
    for ind in table.indicators:
        ind_text = _text(page(out, f"2564/o43/indicator-{ind.number}/"))
        assert ind.title in ind_text and ind.title in item_text
        for entry in [*ind.measures, *ind.steps, *ind.results]:
            expected = _text(markup.render_markdown(entry))
            assert expected in ind_text, f"indicator {ind.number}: {expected[:40]}"
            assert expected in item_text


def test_item_page_is_an_accessible_table(capsys, tmp_path):
    out = tmp_path / "out"
    build(capsys, REPO, out)
    html = page(out, "2564/o43/")
    assert '<html lang="th"' in html
    assert "<caption>การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ของจังหวัดสตูล</caption>" in html
    assert html.count('<th scope="col">') == 4
    assert html.count('<th scope="row">') == 7
    assert html.count("<h1>") == 1
    assert 'id="indicator-3-measure-2"' in html
    assert "ปรับปรุงล่าสุด <time datetime=\"2021-01-08\">๘ มกราคม ๒๕๖๔</time>" in html


def test_indicator_pages_have_stable_anchors_and_breadcrumbs(capsys, tmp_path):
    out = tmp_path / "out"
    build(capsys, REPO, out)
    html = page(out, "2564/o43/indicator-1/")
    for anchor in ("measure-1", "measure-2", "measure-3", "step-1", "result-1", "result-3"):
        assert f'id="{anchor}"' in html
    assert '<nav class="breadcrumbs container" aria-label="เส้นทางนำทาง">' in html
    assert '<a href="../">O43</a>' in html
    assert '<link rel="canonical" href="https://www.satun.go.th/ita/2564/o43/indicator-1/">' in html


def test_urls_csv_and_json_list_every_item_and_indicator(capsys, tmp_path):
    out = tmp_path / "out"
    build(capsys, REPO, out)
    rows = list(csv.DictReader((out / "urls.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [r["url"] for r in rows] == ["https://www.satun.go.th/ita/2564/o43/"] + [
        f"https://www.satun.go.th/ita/2564/o43/indicator-{n}/" for n in range(1, 8)]
    assert rows[0]["item_code"] == "O43"
    data = json.loads((out / "urls.json").read_text(encoding="utf-8"))
    assert [r["url"] for r in data["urls"]] == [r["url"] for r in rows]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://www.satun.go.th/ita/2564/o43/indicator-7/</loc>" in sitemap
    assert "404" not in sitemap
    assert "Sitemap: https://www.satun.go.th/ita/sitemap.xml" in (out / "robots.txt").read_text()


def test_a_site_over_the_sitemap_limit_gets_a_sitemap_index(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(manifests, "SITEMAP_MAX_URLS", 4)
    out = tmp_path / "out"
    build(capsys, REPO, out)
    index = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<sitemapindex" in index and "<urlset" not in index
    parts = re.findall(r"<loc>https://www\.satun\.go\.th/ita/(sitemaps/sitemap-\d+\.xml)</loc>", index)
    assert parts == [f"sitemaps/sitemap-{n}.xml" for n in range(1, len(parts) + 1)] and len(parts) >= 3
    locs = [re.findall(r"<url><loc>([^<]+)</loc>", (out / part).read_text(encoding="utf-8")) for part in parts]
    assert all(1 <= len(part) <= 4 for part in locs)
    monkeypatch.setattr(manifests, "SITEMAP_MAX_URLS", 50_000)
    whole = tmp_path / "whole"
    build(capsys, REPO, whole)
    assert sum(locs, []) == re.findall(r"<url><loc>([^<]+)</loc>", (whole / "sitemap.xml").read_text(encoding="utf-8"))
    assert not (whole / "sitemaps").exists()


def test_every_url_is_ascii(capsys, tmp_path):
    out = tmp_path / "out"
    build(capsys, REPO, out)
    for path in out.rglob("*"):
        assert path.relative_to(out).as_posix().isascii(), path


def test_two_builds_are_byte_identical(capsys, tmp_path):
    build(capsys, REPO, tmp_path / "a")
    build(capsys, REPO, tmp_path / "b")
    assert tree_hash(tmp_path / "a") == tree_hash(tmp_path / "b")


def test_links_work_under_a_sub_path_and_at_the_root(capsys, tmp_path):
    for base in ("https://www.test.go.th/ita/", "https://ita.test.go.th/"):
        files = minimal_files()
        files["content/site.yaml"] = files["content/site.yaml"].replace("https://www.test.go.th/ita/", base)
        project = write_site(tmp_path / base.split("//")[1].replace("/", "_"), files)
        assert build(capsys, project)[0] == 0
        html = page(project / "output", "2564/o43/indicator-1/")
        assert 'href="../../../assets/site.css"' in html
        assert f'href="{base}2564/o43/indicator-1/"' in html
        not_found = page(project / "output", "404.html")
        base_path = "/" + base.split("//")[1].partition("/")[2]
        assert f'href="{base_path}2564/"' in not_found


def test_attachments_are_published_and_listed(capsys, tmp_path):
    project = write_site(tmp_path, minimal_files())
    assert build(capsys, project)[0] == 0
    assert (project / "output/2564/o43/files/notice.txt").read_text(encoding="utf-8") == "ประกาศ\n"
    html = page(project / "output", "2564/o43/indicator-1/")
    assert re.search(r'<a href="../files/notice.txt"[^>]*>ประกาศ</a> <span class="file-meta">\(TXT, ๑๙ ไบต์\)</span>', html)


def test_thai_and_arabic_digits_setting(capsys, tmp_path):
    files = minimal_files()
    files["content/site.yaml"] = files["content/site.yaml"].replace("digits: thai", "digits: arabic")
    project = write_site(tmp_path, files)
    build(capsys, project)
    html = page(project / "output", "2564/o43/")
    assert "8 มกราคม 2564" in html and "๒๕๖๔" not in html


def test_buddhist_era_dates_in_content_are_understood(capsys, tmp_path):
    project = write_site(tmp_path, minimal_files({"content/2564/o43/item.yaml": "code: O43\nupdated: 2564-01-08\n"}))
    assert build(capsys, project)[0] == 0
    assert '<time datetime="2021-01-08">๘ มกราคม ๒๕๖๔</time>' in page(project / "output", "2564/o43/")


def test_title_defaults_to_the_official_catalogue_title(capsys, tmp_path):
    project = write_site(tmp_path, minimal_files())
    build(capsys, project)
    assert "<h1>O43 การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน</h1>" in page(
        project / "output", "2564/o43/")


def test_html_in_content_is_escaped_or_sanitised(capsys, tmp_path):
    files = minimal_files()
    files["content/2564/o43/item.yaml"] = (
        'code: O43\ntitle: "<script>alert(1)</script> รายงาน"\nupdated: 2021-01-08\n'
        'body: "<p onclick=\\"x()\\">ย่อหน้า</p> <b onmouseover=alert(1)>หนา</b> {{ 7*7 }}"\n')
    project = write_site(tmp_path, files)
    assert build(capsys, project)[0] == 0
    html = page(project / "output", "2564/o43/")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; รายงาน" in html
    assert "onclick" not in html and "onmouseover" not in html and "<b>หนา</b>" in html
    assert "{{ 7*7 }}" in html and "49" not in html


def test_site_templates_override_package_templates(capsys, tmp_path):
    files = minimal_files()
    files["templates/page.html"] = ('{% extends "base.html" %}{% block content %}<h1>แทนที่ {{ content.title }}</h1>'
                                    '{% endblock %}')
    project = write_site(tmp_path, files)
    assert build(capsys, project)[0] == 0
    assert "<h1>แทนที่ เกี่ยวกับ</h1>" in page(project / "output", "about/")


def test_a_template_typo_is_a_problem_not_a_traceback(capsys, tmp_path):
    files = minimal_files()
    files["templates/page.html"] = '{% extends "base.html" %}{% block content %}{{ content.titel }}{% endblock %}'
    project = write_site(tmp_path, files)
    code, _, err = build(capsys, project)
    assert code == 1
    assert "templates/page.html: เทมเพลตใช้ค่าที่ไม่มีอยู่" in err and "titel" in err
    assert not (project / "output").exists()
