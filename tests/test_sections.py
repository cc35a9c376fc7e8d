"""Sections: content/pages/<section>/<name>.md pages with an index and a nav of the section's pages."""

from __future__ import annotations

import re

import pytest

from ita_site.errors import BuildError
from ita_site.pipeline import build_site
from sitekit import minimal_files, write_site

GUIDE = {
    "content/pages/guide/index.md": "---\ntitle: คู่มือ\nsummary: คู่มือการใช้งาน\nnav_order: 2\n---\nหมวดคู่มือ\n",
    "content/pages/guide/b-second.md": "---\ntitle: หน้าที่สอง\nnav_order: 2\n---\nเนื้อหา\n",
    "content/pages/guide/a-first.md": "---\ntitle: หน้าแรกของคู่มือ\nnav_order: 1\nupdated: 2024-01-28\n---\n"
                                      "# หัวข้อ\n\nอ่าน [หน้าที่สอง](../b-second/)\n",
    "content/pages/guide/c-last.md": "---\ntitle: หน้าท้าย\n---\nไม่มีลำดับ\n",
}


def _build(tmp_path, extra=None):
    project = write_site(tmp_path / "site", minimal_files({**GUIDE, **(extra or {})}))
    out = tmp_path / "out"
    build_site(project, out, say=lambda *a: None)
    return out


def _nav_titles(html: str) -> list[str]:
    nav = re.search(r'<nav class="section-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r"<li><a [^>]*>([^<]+)</a></li>", nav)


def test_section_pages_have_ascii_urls_and_the_sections_nav(tmp_path):
    out = _build(tmp_path)
    page = (out / "guide/a-first/index.html").read_text(encoding="utf-8")
    assert "<h1>หน้าแรกของคู่มือ</h1>" in page and "<h2>หัวข้อ</h2>" in page
    assert _nav_titles(page) == ["หน้าแรกของคู่มือ", "หน้าที่สอง", "หน้าท้าย"]      # nav_order, then name
    assert '<a href="../a-first/" aria-current="page">หน้าแรกของคู่มือ</a>' in page
    assert '<a href="../b-second/">หน้าที่สอง</a>' in page
    assert _nav_titles((out / "guide/c-last/index.html").read_text(encoding="utf-8")) == _nav_titles(page)


def test_section_index_lists_its_pages_and_home_and_menu_link_the_section(tmp_path):
    out = _build(tmp_path)
    index = (out / "guide/index.html").read_text(encoding="utf-8")
    assert "<h1>คู่มือ</h1>" in index
    assert re.findall(r'<a href="(\w[^"]*)">', index.split("<main", 1)[1])[:3] == ["a-first/", "b-second/", "c-last/"]
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="guide/">คู่มือ</a>: คู่มือการใช้งาน' in home
    page = (out / "guide/b-second/index.html").read_text(encoding="utf-8")
    assert '<li><a href="../" aria-current="page">คู่มือ</a></li>' in page   # main menu, nav_order 2
    assert "https://www.test.go.th/ita/guide/b-second/" in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_section_pages_carry_their_date_in_the_sitemap(tmp_path):
    sitemap = (_build(tmp_path) / "sitemap.xml").read_text(encoding="utf-8")
    entry = lambda path: re.search(rf"<url><loc>https://www.test.go.th/ita/{path}</loc>(.*?)</url>", sitemap).group(1)  # noqa: E731
    assert entry("guide/a-first/") == "<lastmod>2024-01-28</lastmod>"
    assert entry("guide/") == "<lastmod>2024-01-28</lastmod>"        # the section: its newest page
    assert entry("guide/b-second/") == ""                            # no date, no <lastmod>


def test_a_section_without_index_is_titled_by_its_folder_with_a_warning(tmp_path):
    project = write_site(tmp_path / "site", minimal_files({"content/pages/news/today.md": "---\ntitle: ข่าว\n---\nx\n"}))
    report = build_site(project, tmp_path / "out", say=lambda *a: None)
    assert any("news" in w.en and "index.md" in w.en for w in report.warnings)
    assert "<h1>news</h1>" in (tmp_path / "out/news/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("files, message", [
    ({"content/pages/ข่าว/today.md": "---\ntitle: ข่าว\n---\n"}, "not in a known place"),
    ({"content/pages/assets/x.md": "---\ntitle: x\n---\n"}, "section name 'assets' is reserved"),
    ({"content/pages/guide.md": "---\ntitle: ชนกัน\n---\n"}, "both write guide/index.html"),
    ({"content/pages/guide/x.md": "---\ntitle: x\nweight: 3\n---\n"}, "weight"),
])
def test_bad_sections_are_problems_with_the_file(tmp_path, files, message):
    project = write_site(tmp_path / "site", minimal_files({**GUIDE, **files}))
    with pytest.raises(BuildError) as caught:
        build_site(project, tmp_path / "out", say=lambda *a: None)
    assert message in caught.value.report()
    assert not (tmp_path / "out").exists()
