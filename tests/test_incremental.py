"""Incremental rebuilds (`ita-site serve`) and parallel builds give exactly the output of a full build."""

from __future__ import annotations

import filecmp
import json
import os
from pathlib import Path

import pytest

from ita_site import workers
from ita_site.content import load, validate
from ita_site.render import parallel
from ita_site.errors import BuildError
from ita_site.preview.incremental import Rebuilder
from ita_site.pipeline import build_site
from sitekit import minimal_files, write_site, output_tree, same_as_full_build

SECTION = {
    "content/pages/guide/index.md": "---\ntitle: คู่มือ\nsummary: คู่มือการใช้งาน\nnav_order: 2\n---\nหมวดคู่มือ\n",
    "content/pages/guide/intro.md": "---\ntitle: เริ่มต้น\nnav_order: 1\n---\nอ่าน [ขั้นตอน](../steps/) ก่อน\n",
    "content/pages/guide/steps.md": "---\ntitle: ขั้นตอน\nnav_order: 2\n---\n1. เปิดไฟล์\n2. บันทึก\n",
    "content/pages/guide/faq.md": "---\ntitle: คำถามที่พบบ่อย\n---\n| ถาม | ตอบ |\n|---|---|\n| ก | ข |\n",
}






@pytest.fixture
def project(tmp_path):
    return write_site(tmp_path / "site", minimal_files(SECTION))


@pytest.fixture
def small_shares(monkeypatch):
    """Fork workers even for a tiny site, so the parallel paths run."""
    monkeypatch.setattr(parallel, "MIN_PAGES_PER_WORKER", 2)
    monkeypatch.setattr(load, "FILES_PER_WORKER", 2)
    monkeypatch.setenv("ITA_SITE_JOBS", "2")


def _search_messages(said: list[str]) -> list[str]:
    return [text for text in said if "search index" in text]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_sequence_of_edits_rebuilds_exactly_like_a_full_build(project, tmp_path, small_shares):
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    first = rebuilder.rebuild()
    assert first.rendered == first.build.pages > 10
    same_as_full_build(project, preview, tmp_path, rebuilder)

    assert rebuilder.rebuild().rendered == 0                                   # nothing changed

    pages = project / "content/pages/guide"
    _edit(pages / "steps.md", "2. บันทึก", "2. บันทึก\n3. ตรวจ")              # one page's text
    result = rebuilder.rebuild()
    assert result.rendered_urls == ["guide/steps/"]
    same_as_full_build(project, preview, tmp_path, rebuilder)

    _edit(pages / "steps.md", "title: ขั้นตอน", "title: ขั้นตอนการทำงาน")    # a title: every nav
    result = rebuilder.rebuild()
    assert set(result.rendered_urls) == {"guide/", "guide/intro/", "guide/steps/", "guide/faq/"}
    assert "ขั้นตอนการทำงาน" in (preview / "guide/faq/index.html").read_text(encoding="utf-8")
    same_as_full_build(project, preview, tmp_path, rebuilder)

    (pages / "faq.md").rename(pages / "questions.md")                          # a rename
    result = rebuilder.rebuild()
    assert result.deleted == 1 and not (preview / "guide/faq").exists()
    assert (preview / "guide/questions/index.html").is_file()
    same_as_full_build(project, preview, tmp_path, rebuilder)

    (pages / "questions.md").unlink()                                          # a deletion
    rebuilder.rebuild()
    assert not (preview / "guide/questions").exists()
    same_as_full_build(project, preview, tmp_path, rebuilder)


def test_menu_templates_attachments_and_items_are_followed(project, tmp_path):
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    rebuilder.rebuild()
    _edit(project / "content/pages/about.md", "title: เกี่ยวกับ", "title: เกี่ยวกับเรา")   # main menu: all
    result = rebuilder.rebuild()
    assert result.rendered == result.build.pages                 # the main menu is on every page
    same_as_full_build(project, preview, tmp_path, rebuilder)

    templates = project / "templates"
    templates.mkdir()
    (templates / "section_page.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>{{ content.title }}</h1>{{ content.body }}{% endblock %}\n',
        encoding="utf-8")
    rebuilder.rebuild()
    assert "section-nav" not in (preview / "guide/intro/index.html").read_text(encoding="utf-8")
    same_as_full_build(project, preview, tmp_path, rebuilder)

    (project / "content/2564/o43/files/notice.txt").write_text("ประกาศฉบับแก้ไข\n", encoding="utf-8")
    _edit(project / "content/2564/o43/01-communication.yaml", "เผยแพร่ผ่านเว็บไซต์", "เผยแพร่ผ่านเว็บไซต์และเฟซบุ๊ก")
    result = rebuilder.rebuild()
    assert "guide/intro/" not in result.rendered_urls
    same_as_full_build(project, preview, tmp_path, rebuilder)


def test_a_broken_edit_fails_and_the_fix_rebuilds_everything_right(project, tmp_path):
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    rebuilder.rebuild()
    steps = project / "content/pages/guide/steps.md"
    good = steps.read_text(encoding="utf-8")
    steps.write_text("---\ntitle: [ไม่ปิด\n---\n", encoding="utf-8")
    with pytest.raises(BuildError):
        rebuilder.rebuild()
    (preview / "guide/intro/index.html").write_text("error page", encoding="utf-8")   # as serve does
    steps.write_text(good, encoding="utf-8")
    rebuilder.rebuild()
    same_as_full_build(project, preview, tmp_path, rebuilder)


def test_serve_indexes_search_in_the_background_and_swaps_the_bundle_in(project, tmp_path):
    preview, said = tmp_path / "preview", []
    rebuilder = Rebuilder(project, preview, say=said.append)
    rebuilder.rebuild()                                       # the first preview too, in the background
    rebuilder.session.settle(timeout=300)
    assert _search_messages(said) == ["อัปเดตดัชนีค้นหาแล้ว (search index updated)"]

    def pages_indexed() -> int:
        return json.loads((preview / "search-index/meta.json").read_text(encoding="utf-8"))["pages"]
    before = pages_indexed()
    (project / "content/pages/guide/new.md").write_text("---\ntitle: หน้าใหม่\n---\nคำค้นใหม่\n", encoding="utf-8")
    result = rebuilder.rebuild()
    assert result.rendered >= 1
    rebuilder.session.settle(timeout=300)
    assert pages_indexed() == before + 1
    assert _search_messages(said) == ["อัปเดตดัชนีค้นหาแล้ว (search index updated)"] * 2
    left = sorted(p.name for p in preview.iterdir() if p.name.startswith("."))
    assert left == [".htaccess", ".ita-site-output"]                       # the marker only: no bundle left beside
    rebuilder.rebuild()                                       # nothing changed: no new index run
    rebuilder.session.settle(timeout=300)
    assert len(_search_messages(said)) == 2


def test_parallel_build_is_byte_identical_to_one_process(project, tmp_path, monkeypatch):
    for n in range(40):
        (project / f"content/pages/guide/p{n:02d}.md").write_text(
            f"---\ntitle: หน้า {n}\n---\nเนื้อหา *{n}* [ต่อไป](../p{(n + 1) % 40:02d}/)\n", encoding="utf-8")
    monkeypatch.setenv("ITA_SITE_JOBS", "1")
    one = build_site(project, tmp_path / "one", say=lambda *a: None)
    forks = []
    real_fork_map = workers.fork_map
    monkeypatch.setattr(workers, "fork_map", lambda *a, **k: forks.append(a[0]) or real_fork_map(*a, **k))
    monkeypatch.setattr(parallel, "MIN_PAGES_PER_WORKER", 5)
    monkeypatch.setattr(load, "FILES_PER_WORKER", 5)
    monkeypatch.setattr(validate, "DOCS_PER_WORKER", 5)
    monkeypatch.setenv("ITA_SITE_JOBS", "2")
    two = build_site(project, tmp_path / "two", say=lambda *a: None)
    assert forks == [2, 2, 2]                                # loading, validating and rendering were forked
    assert (two.pages, two.files, two.warnings) == (one.pages, one.files, one.warnings)
    comparison = filecmp.dircmp(tmp_path / "one", tmp_path / "two")
    assert output_tree(tmp_path / "one") == output_tree(tmp_path / "two"), comparison.diff_files


def test_a_parallel_build_reports_the_same_problems_in_the_same_order(project, tmp_path, monkeypatch):
    (project / "content/pages/guide/intro.md").write_text("---\ntitle: เริ่มต้น\n---\n[เสีย](../nowhere/)\n",
                                                          encoding="utf-8")
    (project / "content/pages/guide/steps.md").write_text("---\ntitle: ขั้นตอน\n---\n[เสีย](../gone/)\n",
                                                          encoding="utf-8")
    monkeypatch.setattr(parallel, "MIN_PAGES_PER_WORKER", 2)
    one, two = _reports_with_one_and_two_jobs(project, tmp_path, monkeypatch)
    assert one == two
    assert "guide/intro/index.html" in one and "gone/index.html" in one


def _reports_with_one_and_two_jobs(project: Path, tmp_path: Path, monkeypatch) -> list[str]:
    """The problem report of a failing build in one process, then with two workers; nothing written."""
    reports = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("ITA_SITE_JOBS", jobs)
        with pytest.raises(BuildError) as caught:
            build_site(project, tmp_path / f"out{jobs}", say=lambda *a: None)
        reports.append(caught.value.report())
        assert not (tmp_path / f"out{jobs}").exists()
    return reports


@pytest.mark.parametrize("engine", ["build", "serve"])
def test_both_workers_render_a_share_of_the_pages(project, tmp_path, monkeypatch, engine):
    for n in range(40):
        (project / f"content/pages/guide/p{n:02d}.md").write_text(f"---\ntitle: หน้า {n}\n---\nเนื้อหา {n}\n",
                                                                   encoding="utf-8")
    monkeypatch.setattr(parallel, "MIN_PAGES_PER_WORKER", 5)
    monkeypatch.setenv("ITA_SITE_JOBS", "2")
    real_render_one, marks = parallel.render_one, tmp_path / "marks"
    marks.mkdir()

    def render_one(*args, **kwargs):          # runs in the workers: leave a mark per page and process
        with open(marks / str(os.getpid()), "a", encoding="utf-8") as mark:
            mark.write("x")
        return real_render_one(*args, **kwargs)
    monkeypatch.setattr(parallel, "render_one", render_one)
    if engine == "build":
        build_site(project, tmp_path / "out", say=lambda *a: None)
    else:
        Rebuilder(project, tmp_path / "preview", say=lambda *a: None).rebuild()
    shares = sorted(len(path.read_text()) for path in marks.iterdir() if int(path.name) != os.getpid())
    assert len(shares) == 2 and shares[0] >= shares[1] // 3, shares     # two workers, neither idle


def test_schema_problems_found_on_every_core_come_in_file_order(project, tmp_path, monkeypatch):
    for n in range(30):
        extra = "\nsumary: x" if n in (3, 17, 28) else ""
        (project / f"content/pages/guide/p{n:02d}.md").write_text(f"---\ntitle: หน้า {n}{extra}\n---\nข้อความ\n",
                                                                   encoding="utf-8")
    monkeypatch.setattr(validate, "DOCS_PER_WORKER", 2)
    one, two = _reports_with_one_and_two_jobs(project, tmp_path, monkeypatch)
    assert one == two
    places = [line.split(": ")[0] for line in one.splitlines() if "guide/p" in line.split(": ")[0]]
    assert places == [f"content/pages/guide/p{n}.md:3:1" for n in ("03", "17", "28")], one
