"""Build-time search: the index (searchindex.py) is made before the swap, the same pages give the same\nbytes, failures are problems, pages are marked."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest

from ita_site.publish import search, searchindex
from ita_site.errors import Problems
from ita_site.pipeline import build_site

ROOT = Path(__file__).resolve().parents[1]
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("search") / "output"
    build_site(ROOT, out, say=lambda _text: None)
    return out


def html(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def fragments(out: Path) -> list[dict]:
    bundle = out / "search-index"
    meta = json.loads((bundle / "meta.json").read_text(encoding="utf-8"))
    return [json.loads(gzip.decompress((bundle / f"f/{n}.bin").read_bytes())) for n in range(meta["pages"])]


def test_index_holds_every_content_page_with_its_text_and_facts(site):
    meta = json.loads(html(site, "search-index/meta.json"))
    pages = {f["url"]: f for f in fragments(site)}
    assert meta["pages"] == len(pages) and meta["title"] == [len(f["title"]) for f in fragments(site)]
    assert {"", "2564/", "2564/o43/", "2564/o43/indicator-6/", "about/"} <= set(pages)
    assert "search/" not in pages and "404.html" not in pages
    page = pages["2564/o43/indicator-6/"]
    assert (page["code"], page["fiscal_year"]) == ("O43", "๒๕๖๔")
    assert page["text"].startswith(page["title"] + "\n") and "ทรัพย์สิน" in page["text"]
    assert "ปรับปรุงล่าสุด" not in page["text"], "the updated line (searchtext.EXCLUDE) is not indexed"
    assert sorted(p.name for p in (site / "search-index").iterdir()) == ["f", "meta.json", "s"]
    assert all(p.suffix == ".bin" and p.read_bytes()[:2] == b"\x1f\x8b" for p in (site / "search-index/s").iterdir())


def test_same_pages_give_the_same_index_bytes(site, tmp_path):
    again = tmp_path / "again"
    assert search.index(site, Problems(), bundle=again)
    tree = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    assert tree(again) == tree(site / "search-index")


def test_one_process_and_two_give_the_same_index(site, tmp_path, monkeypatch):
    made = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("ITA_SITE_JOBS", jobs)
        monkeypatch.setattr(searchindex, "MIN_PAGES_PER_WORKER", 2)
        bundle = tmp_path / jobs
        assert search.index(site, Problems(), bundle=bundle)
        made[jobs] = {p.relative_to(bundle).as_posix(): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}
    assert made["1"] == made["2"] and len(made["1"]) > 10


def test_unwritable_index_is_a_problem_not_a_traceback(site, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    problems = Problems()
    assert search.index(site, problems, bundle=blocker / "bundle") is False
    [problem] = problems.errors()
    assert "ดัชนีค้นหา" in problem.th and "search index" in problem.en


def test_content_pages_are_indexed_with_code_and_year(site):
    main = re.search(r"<main[^>]*>", html(site, "2564/o43/indicator-6/index.html")).group(0)
    assert "data-search-body" in main
    assert 'data-code="O43"' in main and 'data-fiscal-year="๒๕๖๔"' in main
    assert "data-search-body" in html(site, "about/index.html")


@pytest.mark.parametrize("page", ["search/index.html", "404.html"])
def test_search_and_404_pages_are_not_indexed(site, page):
    assert "data-search-body" not in re.search(r"<main[^>]*>", html(site, page)).group(0)


def test_every_page_has_a_labelled_search_box_except_the_search_page(site):
    for page in ("index.html", "2564/o43/index.html", "accessibility/index.html"):
        text = html(site, page)
        form = re.search(r'<form class="site-search" role="search" action="([^"]+)" method="get">', text)
        assert form, page
        assert form.group(1).endswith("search/")
        assert '<label for="site-search-q">' in text and 'id="site-search-q" name="q"' in text
    search_page = html(site, "search/index.html")
    assert "site-search" not in search_page
    assert 'role="search"' in search_page and 'name="q"' in search_page and "JavaScript" in search_page


def test_no_page_may_compile_webassembly_or_run_inline_code(site):
    policies = {CSP.search(html(site, page)).group(1) for page in ("index.html", "2564/o43/index.html", "search/index.html")}
    [csp] = policies                                   # the search page has the policy of every page
    assert "script-src 'self';" in csp and "style-src 'self';" in csp
    assert "unsafe" not in csp and "wasm" not in csp


def test_a_failing_index_refuses_the_build_and_writes_nothing(tmp_path, monkeypatch, capsys):
    from ita_site import cli

    def full_disk(*_args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(searchindex, "build", full_disk)
    code = cli.main(["build", "--no-ledger-update", "--no-cache", "--project", str(ROOT), "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == cli.EXIT_PROBLEMS
    assert "สร้างดัชนีค้นหาไม่สำเร็จ" in err and "No space left on device" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists(), "nothing is written when the index cannot be built"


def test_serve_background_index_failure_is_said_in_thai_and_english(tmp_path):
    said = []
    site_dir = tmp_path / "preview"
    site_dir.mkdir()
    (site_dir / ".search-index-next").write_text("a file where the new bundle would go", encoding="utf-8")
    background = search.Background(site_dir, said.append)
    background.request()                       # a separate process, as in serve
    background.wait(120)
    assert len(said) == 1 and "สร้างดัชนีค้นหาไม่สำเร็จ" in said[0] and "search index" in said[0], said
    assert "Traceback" not in said[0] and not (site_dir / "search-index").exists()


def test_the_index_id_changes_with_any_page_text(site, tmp_path):
    shutil.copytree(site, tmp_path / "site")
    about = tmp_path / "site/about/index.html"
    about.write_text(about.read_text(encoding="utf-8").replace("</h1>", " เพิ่ม</h1>", 1), encoding="utf-8")
    assert search.index(tmp_path / "site", Problems(), bundle=tmp_path / "bundle")
    before = json.loads(html(site, "search-index/meta.json"))["id"]
    after = json.loads((tmp_path / "bundle/meta.json").read_text(encoding="utf-8"))["id"]
    assert len(before) == 16 and before != after
