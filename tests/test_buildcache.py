"""The build cache (publish/buildcache.py, render/cached.py): a rebuild with it writes exactly what a
clean build writes, takes from it only what has the same inputs, and never trusts a cache it did not
make. That the cache is used is shown by counting the real work (Markdown, the search index, WeasyPrint),
never by timing."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from ita_site import cli_parser
from ita_site.checks import htmlscan
from ita_site.pages import markup
from ita_site.publish import buildcache, itas, search
from ita_site.render import parallel
from sitekit import build, clean_tree_hash, minimal_files, tree_hash, write_site

pytestmark = pytest.mark.real_pdf     # the tests count WeasyPrint's runs: no memo of the suite's PDFs (tests/pdfmemo.py)

PAGE = ('{% extends "base.html" %}{% block content %}<h1>หน้า {{ content.title }}</h1>'
        '{{ content.body }}{% endblock %}')


@pytest.fixture
def work(monkeypatch):
    """Counts of the real work: Markdown rendered, search index runs, PDFs drawn by WeasyPrint."""
    import weasyprint

    counts = {"markdown": 0, "search": 0, "weasyprint": 0, "scan": 0, "xlsx": 0}
    real_markdown, real_index, real_html = markup.render_markdown, search.index, weasyprint.HTML
    real_scan, real_xlsx = htmlscan.page_links, itas.xlsx_of

    def xlsx(*args, **kwargs):
        counts["xlsx"] += 1
        return real_xlsx(*args, **kwargs)

    def scan(*args, **kwargs):
        counts["scan"] += 1
        return real_scan(*args, **kwargs)

    def markdown(*args, **kwargs):
        counts["markdown"] += 1
        return real_markdown(*args, **kwargs)

    def index(*args, **kwargs):
        counts["search"] += 1
        return real_index(*args, **kwargs)

    def html(*args, **kwargs):
        counts["weasyprint"] += 1
        return real_html(*args, **kwargs)

    monkeypatch.setattr(markup, "render_markdown", markdown)
    monkeypatch.setattr(search, "index", index)
    monkeypatch.setattr(weasyprint, "HTML", html)
    monkeypatch.setattr(htmlscan, "page_links", scan)
    monkeypatch.setattr(itas, "xlsx_of", xlsx)
    return counts


def _build(capsys, project: Path, counts: dict | None = None, *extra: str) -> dict[str, str]:
    """Build into a fresh output/ (as CI does: only the cache is kept); the tree's hashes."""
    shutil.rmtree(project / "output", ignore_errors=True)
    if counts is not None:
        for key in counts:
            counts[key] = 0
    code, _out, err = build(capsys, project, None, *extra)
    assert code == 0, err
    return tree_hash(project / "output")


def _clean(capsys, project: Path, tmp_path: Path) -> dict[str, str]:
    return clean_tree_hash(capsys, project, tmp_path / "fresh-output")


@pytest.fixture
def project(tmp_path):
    files = minimal_files({"templates/page.html": PAGE})
    return write_site(tmp_path / "site", files)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_rebuild_takes_everything_from_the_cache_and_writes_the_same_bytes(capsys, project, tmp_path,
                                                                                      work):
    first = _build(capsys, project, work)
    assert work["markdown"] > 0 and work["search"] == 1 and work["weasyprint"] == 1 and work["xlsx"] == 1
    assert (project / ".ita-cache" / "index.json").is_file()
    pages_scanned = work["scan"]
    assert pages_scanned > 0
    again = _build(capsys, project, work)
    assert work == {"markdown": 0, "search": 0, "weasyprint": 0, "scan": 0, "xlsx": 0}   # nor a page scanned
    assert again == first == _clean(capsys, project, tmp_path)


def test_one_changed_item_renders_only_its_pages_and_matches_a_clean_build(capsys, project, tmp_path, work):
    full = _build(capsys, project, work)["2564/o43/indicator-1/index.html"]
    clean_markdown = work["markdown"]
    _edit(project / "content/2564/o43/01-communication.yaml", "มีการเผยแพร่ข้อมูล", "มีการเผยแพร่ข้อมูลทุกเดือน")
    clean_scans = work["scan"]
    got = _build(capsys, project, work)
    assert 0 < work["markdown"] < clean_markdown and work["search"] == 1
    assert 0 < work["scan"] < clean_scans
    assert got["2564/o43/indicator-1/index.html"] != full
    assert got == _clean(capsys, project, tmp_path)


@pytest.mark.parametrize("change", ["template", "site.yaml", "attachment", "page"])
def test_a_change_of_any_input_is_picked_up(capsys, project, tmp_path, work, change):
    before = _build(capsys, project, work)
    if change == "template":
        _edit(project / "templates/page.html", "<h1>หน้า", "<h1>หน้าใหม่")
    elif change == "site.yaml":
        _edit(project / "content/site.yaml", "name: สำนักงานทดสอบ", "name: สำนักงานทดสอบแห่งใหม่")
    elif change == "attachment":
        (project / "content/2564/o43/files/notice.txt").write_text("ประกาศฉบับแก้ไขที่ยาวกว่าเดิม\n", encoding="utf-8")
    else:
        _edit(project / "content/pages/about.md", "**ทดสอบ**", "**ทดสอบแก้ไข**")
    after = _build(capsys, project, work)
    assert after != before
    assert after == _clean(capsys, project, tmp_path)


def _damage(cache: Path, how: str) -> None:
    index = cache / "index.json"
    blobs = sorted((cache / "blobs").iterdir())
    if how == "truncated blobs":
        for blob in blobs:
            blob.write_bytes(blob.read_bytes()[: len(blob.read_bytes()) // 2])
    elif how == "garbage blobs":
        for blob in blobs:
            blob.write_bytes(os.urandom(max(1, blob.stat().st_size)))
    elif how == "truncated index":
        index.write_bytes(index.read_bytes()[:100])
    elif how == "garbage index":
        index.write_bytes(os.urandom(500))
    elif how == "wrong format":
        index.write_text(json.dumps(["not", "an", "index"]), encoding="utf-8")
    elif how == "other ita-site":
        data = json.loads(index.read_text(encoding="utf-8"))
        data["identity"]["ita_site"] = "0.0.1"
        index.write_text(json.dumps(data), encoding="utf-8")
    elif how == "other project":
        data = json.loads(index.read_text(encoding="utf-8"))
        data["identity"]["project"] = "/somewhere/else"
        index.write_text(json.dumps(data), encoding="utf-8")
    elif how == "wrong entries":
        data = json.loads(index.read_text(encoding="utf-8"))
        data["entries"] = {kind: {key: 42 for key in values} for kind, values in data["entries"].items()}
        index.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("how", ["truncated blobs", "garbage blobs", "truncated index", "garbage index",
                                 "wrong format", "other ita-site", "other project", "wrong entries"])
def test_a_damaged_stale_or_foreign_cache_is_ignored_and_the_build_is_still_right(capsys, project, tmp_path, work,
                                                                                   how):
    _build(capsys, project, work)
    _edit(project / "content/pages/about.md", "**ทดสอบ**", "**ทดสอบแก้ไข**")
    _damage(project / ".ita-cache", how)
    got = _build(capsys, project, work)
    assert work["markdown"] > 1 and work["search"] == 1 and work["weasyprint"] == 1   # nothing was trusted
    assert got == _clean(capsys, project, tmp_path)
    again = _build(capsys, project, work)          # the cache was made again, whole
    assert work == {"markdown": 0, "search": 0, "weasyprint": 0, "scan": 0, "xlsx": 0} and again == got


def test_no_cache_builds_without_reading_or_writing_it(capsys, project, tmp_path, work):
    _build(capsys, project, work, "--no-cache")
    assert not (project / ".ita-cache").exists()
    _build(capsys, project, work)
    _build(capsys, project, work, "--no-cache")
    assert work["markdown"] > 0 and work["search"] == 1 and work["weasyprint"] == 1
    text = cli_parser.parser()._subparsers._group_actions[0].choices["build"].format_help()
    assert "--no-cache" in text and "แคช" in text and "--cache-dir" in text


def test_the_cache_is_written_only_inside_its_folder(capsys, project, tmp_path, work):
    outside = tmp_path / "outside"
    outside.mkdir()
    before = {p for p in tmp_path.rglob("*") if "output" not in p.relative_to(tmp_path).parts[:2]}
    _build(capsys, project, work, "--cache-dir", str(tmp_path / "kept"))
    after = {p for p in tmp_path.rglob("*") if "output" not in p.relative_to(tmp_path).parts[:2]}
    new = {p.relative_to(tmp_path).as_posix() for p in after - before}
    assert {n for n in new if not n.startswith("kept")} <= {"site/urls.ledger", "site/.output.lock"}
    assert {p.name for p in (tmp_path / "kept").iterdir()} == {"index.json", "blobs"}
    # a blobs folder that is a link to somewhere else is not used, and nothing is written there
    shutil.rmtree(tmp_path / "kept" / "blobs")
    (tmp_path / "kept" / "blobs").symlink_to(outside)
    assert _build(capsys, project, work, "--cache-dir", str(tmp_path / "kept")) == _clean(capsys, project, tmp_path)
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("place", ["output/cache", "content/cache", "templates/cache", "static", "."])
def test_a_cache_folder_inside_output_or_the_sources_is_refused(capsys, project, place):
    (project / "static").mkdir(exist_ok=True)
    folder = project / place
    code, _out, err = build(capsys, project, None, "--cache-dir", str(folder))
    assert code == 2 and "--cache-dir" in err
    assert not (folder / "index.json").exists() and not (project / "output").exists()


def test_the_identity_names_the_package_files_and_the_project(tmp_path):
    one, two = buildcache.identity(tmp_path / "a"), buildcache.identity(tmp_path / "b")
    assert one["package"] == two["package"] and one["project"] != two["project"]
    assert one["format"] == buildcache.FORMAT and one["libraries"]["weasyprint"]


def test_documents_that_passed_the_schema_are_not_checked_again_and_problems_always_show(capsys, project,
                                                                                        monkeypatch):
    from ita_site.content import validate

    checked = []
    real = validate._check
    monkeypatch.setattr(validate, "_check", lambda doc: checked.append(doc.rel) or real(doc))
    _build(capsys, project)
    assert "content/2564/o43/item.yaml" in checked
    checked.clear()
    _build(capsys, project)
    assert [rel for rel in checked if rel.startswith("content/")] == []     # shipped catalogues: resolve()
    _edit(project / "content/2564/o43/item.yaml", "code: O43", "code: O43\nsummry: พิมพ์ผิด")
    for _ in range(2):                              # a document with problems is checked every time
        checked.clear()
        code, _out, err = build(capsys, project)
        assert code == 1 and "summry" in err
        assert [rel for rel in checked if rel.startswith("content/")] == ["content/2564/o43/item.yaml"]


def test_a_refused_build_leaves_the_cache_as_it_was(capsys, tmp_path):
    """Nothing of a refused build stays behind: not the blobs it made, not a cache folder it created."""
    project = write_site(tmp_path / "site", minimal_files())
    _build(capsys, project)
    before = tree_hash(project / buildcache.DEFAULT)
    item = project / "content/2564/o43/item.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("title:", "title: ใหม่", 1)
                    + "body: \"[หน้าที่ไม่มี](../o99/)\"\n", encoding="utf-8")   # a new page, then a broken link
    code, _out, err = build(capsys, project)
    assert code == 1 and "o99" in err, err
    assert tree_hash(project / buildcache.DEFAULT) == before
    fresh = write_site(tmp_path / "fresh", minimal_files())
    (fresh / "content/2564/o43/item.yaml").write_text(item.read_text(encoding="utf-8"), encoding="utf-8")
    code, _out, err = build(capsys, fresh)
    assert code == 1, err
    assert not (fresh / buildcache.DEFAULT).exists()          # the folder it would have made is not there


def test_a_page_taken_from_the_cache_still_has_its_links_checked(capsys, tmp_path, work):
    """The about page comes from the cache with its scan; the file it links to is gone: the build says so."""
    about = "---\ntitle: เกี่ยวกับ\nnav_order: 1\n---\nดู [บันทึก](../assets/notes.txt)\n"
    project = write_site(tmp_path / "site", minimal_files({"content/pages/about.md": about,
                                                           "static/notes.txt": "บันทึก\n"}))
    _build(capsys, project, work)
    (project / "static/notes.txt").unlink()
    shutil.rmtree(project / "output")
    work.update(dict.fromkeys(work, 0))
    code, _out, err = build(capsys, project)
    assert code == 1 and "about/index.html" in err and "assets/notes.txt" in err, err
    assert work["scan"] == 0 and work["markdown"] == 0             # the page and its links came from the cache


def test_a_scan_kept_for_another_base_path_or_damaged_is_made_again(capsys, project, tmp_path, work):
    _build(capsys, project, work)
    index = json.loads((project / ".ita-cache/index.json").read_text(encoding="utf-8"))
    scans = {scan for _html, scan in index["entries"]["page"].values()}
    for name in scans:
        blob = project / ".ita-cache/blobs" / name
        kept_base, ids, links = json.loads(blob.read_text(encoding="utf-8"))
        blob.write_text(json.dumps(["/elsewhere/", ids, links]), encoding="utf-8")  # its digest no longer fits
    got = _build(capsys, project, work)
    assert work["markdown"] == 0 and work["scan"] == len(index["entries"]["page"])
    assert got == _clean(capsys, project, tmp_path)


def test_blobs_written_by_render_workers_go_when_the_build_is_refused(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PAGES_PER_WORKER", 1)
    monkeypatch.setenv("ITA_SITE_JOBS", "2")
    project = write_site(tmp_path / "site", minimal_files())
    _build(capsys, project)
    before = tree_hash(project / buildcache.DEFAULT)
    item = project / "content/2564/o43/item.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("title:", "title: ใหม่", 1)
                    + "body: \"[หน้าที่ไม่มี](../o99/)\"\n", encoding="utf-8")   # new pages, then a broken link
    code, _out, err = build(capsys, project)
    assert code == 1 and "o99" in err, err
    assert tree_hash(project / buildcache.DEFAULT) == before
