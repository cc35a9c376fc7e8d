"""Build-time search: the Pagefind index is made before the swap, failures are problems, pages are marked."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest

from ita_site import cli
from ita_site.publish import search
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


def test_index_is_written_with_thai_and_only_the_js_api(site):
    bundle = site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert "th" in entry["languages"] and entry["languages"]["th"]["page_count"] > 5
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-worker.js").is_file()
    assert not list(bundle.glob("pagefind-*ui*")), "Pagefind's ready-made UIs are not published"


def test_pagefind_does_not_split_thai_queries_again(site):
    for name in ("pagefind.js", "pagefind-worker.js"):
        text = html(site, f"pagefind/{name}")
        assert '["zh","ja"].includes(primaryLang)' in text
        assert search.SPLIT_LANGUAGES not in text


def test_content_pages_are_indexed_with_code_and_year(site):
    main = re.search(r"<main[^>]*>", html(site, "2564/o43/indicator-6/index.html")).group(0)
    assert "data-pagefind-body" in main
    assert 'data-pagefind-meta="code[data-code], fiscal_year[data-fiscal-year]"' in main
    assert 'data-code="O43"' in main and 'data-fiscal-year="๒๕๖๔"' in main
    assert "data-pagefind-body" in html(site, "about/index.html")


@pytest.mark.parametrize("page", ["search/index.html", "404.html"])
def test_search_and_404_pages_are_not_indexed(site, page):
    assert "data-pagefind-body" not in re.search(r"<main[^>]*>", html(site, page)).group(0)


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


def test_only_the_search_page_may_compile_webassembly(site):
    search_csp = CSP.search(html(site, "search/index.html")).group(1)
    assert "script-src 'self' 'wasm-unsafe-eval';" in search_csp
    for page in ("index.html", "2564/o43/index.html", "search/index.html"):
        csp = CSP.search(html(site, page)).group(1)
        assert "unsafe-inline" not in csp and "'unsafe-eval'" not in csp
        assert "style-src 'self';" in csp
    assert "wasm-unsafe-eval" not in CSP.search(html(site, "index.html")).group(1)


def test_missing_pagefind_is_a_problem_not_a_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(search, "executable", lambda: None)
    code = cli.main(["build", "--no-ledger-update", "--project", str(ROOT), "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == cli.EXIT_PROBLEMS
    assert "Pagefind" in err and "pip install" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists(), "nothing is written when the index cannot be built"


def test_failing_pagefind_reports_its_exit_code(tmp_path):
    fake = tmp_path / "pagefind_extended"
    fake.write_text("#!/bin/sh\necho 'Error: something broke' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    (tmp_path / "site").mkdir()
    problems = Problems()
    assert search.index(tmp_path / "site", problems, binary=fake) is False
    [problem] = problems.errors()
    assert "exit 3" in problem.en and "something broke" in problem.en


def test_too_old_pagefind_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "installed_version", lambda: (1, 3, 0))
    problems = Problems()
    assert search.index(tmp_path, problems, binary=tmp_path / "any") is False
    assert "1.3.0" in problems.errors()[0].en and "1.4" in problems.errors()[0].en
