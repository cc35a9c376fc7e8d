"""Thai search in a real browser: the site's own index (search-index/), searched from /search/.

The pages run under the site's own Content-Security-Policy here (not the bypassing context of the
other browser tests), so a search that only works with a looser CSP fails. Queries are words from the
middle of long Thai sentences of the default site, and of a larger test site (tests/sites/search);
issue 16's queries (words inside compounds, both digit forms, PDF text with private-use glyphs) each
find their page near the top, with the word marked in an excerpt that starts cleanly.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from .browser_support import REPO_ROOT, format_violations, format_vnu, site_base_path
from .conftest import BuiltSite

SEARCH_SITE = REPO_ROOT / "tests" / "sites" / "search"
NO_RESULTS = "ไม่พบผลการค้นหา"
DONE = "() => { const t = document.getElementById('search-status').textContent; return t && !t.startsWith('กำลัง'); }"


@pytest.fixture(scope="session")
def search_site(tmp_path_factory, serve) -> BuiltSite:
    """The larger test site, built once (without touching its urls.ledger) and served."""
    out_dir = tmp_path_factory.mktemp("site-search") / "output"
    cmd = [sys.executable, "-m", "ita_site", "build", "--no-ledger-update",
           "--project", str(SEARCH_SITE), "--output", str(out_dir)]
    proc = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"build failed:\n{proc.stdout}\n{proc.stderr}"
    return BuiltSite("search", out_dir, serve(out_dir, site_base_path(out_dir)))


@pytest.fixture
def csp_page(browser):
    """A page that obeys the site's CSP; CSP violations and script errors are collected in .problems."""
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


def search(page, site: BuiltSite, query: str) -> list[dict]:
    """Type the query into the search page's box and press Enter; return the results shown.

    `path` is the result's site path ("/2564/o43/"), without the base path the site is served under.
    """
    page.goto(site.url("/search/"))
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.wait_for_function(DONE, timeout=15000)
    results = page.eval_on_selector_all(
        "#search-results > li",
        """items => items.map(li => ({
            path: new URL(li.querySelector('h2 a').href).pathname,
            title: li.querySelector('h2 a').textContent,
            meta: (li.querySelector('.result-meta') || {}).textContent || '',
            excerpt: li.querySelector('.result-excerpt').textContent,
            marks: [...li.querySelectorAll('.result-excerpt mark')].map(m => m.textContent)}))""")
    prefix = site.server.prefix
    for result in results:
        assert result["path"].startswith(prefix), result
        result["path"] = "/" + result["path"][len(prefix):]
    return results


def paths(results: list[dict]) -> list[str]:
    return [r["path"] for r in results]


def result(results: list[dict], path: str, within: int = 3) -> dict:
    """The result for `path`, which must be among the first `within`."""
    assert path in paths(results)[:within], paths(results)
    return results[paths(results).index(path)]


def assert_clean_excerpt(found: dict, word: str) -> None:
    """The excerpt marks `word` and starts with a letter or digit (no ". ", space or stray mark)."""
    assert word in found["marks"], (found["marks"], found["excerpt"])
    first = found["excerpt"][:1]
    assert first and unicodedata.category(first)[0] in "LN", repr(found["excerpt"][:40])


# --------------------------------------------------------------------------- default site


@pytest.mark.parametrize("query, first", [
    ("ทรัพย์สิน", "/2564/o43/indicator-6/"),
    ("งบประมาณ", "/2564/o43/indicator-5/"),
])
def test_thai_word_from_a_long_sentence_finds_its_indicator_first(csp_page, default_site, query, first):
    results = search(csp_page, default_site, query)
    assert results, f"no results for {query}: {csp_page.text_content('#search-status')}"
    assert results[0]["path"] == first, paths(results)
    assert results[0]["meta"] == "รายการ O43 · ปีงบประมาณ พ.ศ. ๒๕๖๔"
    assert any(query in mark for mark in results[0]["marks"]), results[0]["marks"]
    assert not csp_page.problems, csp_page.problems


def test_complaint_query_puts_complaint_pages_first(csp_page, default_site):
    results = search(csp_page, default_site, "ร้องเรียน")
    top = set(paths(results)[:3])
    assert {"/2564/o43/indicator-3/", "/2564/o43/indicator-4/"} <= top, paths(results)
    assert "/2564/o43/" not in top      # the long item page comes after the pages about complaints


def test_nonsense_query_says_nothing_was_found_in_thai(csp_page, default_site):
    results = search(csp_page, default_site, "ฆฃฅฆฃฅ")
    assert results == []
    assert NO_RESULTS in csp_page.text_content("#search-status")
    assert csp_page.is_hidden("#search-results")


def test_status_is_announced_in_a_live_region(csp_page, default_site):
    search(csp_page, default_site, "ทรัพย์สิน")
    status = csp_page.locator("#search-status")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    assert "พบ" in status.text_content()


def test_header_box_on_every_page_searches_with_the_keyboard(csp_page, default_site):
    csp_page.goto(default_site.url("/2564/o43/"))
    form = csp_page.locator("header form[role=search]")
    assert form.get_attribute("method") == "get"
    assert csp_page.locator("label[for=site-search-q]").text_content().strip()
    csp_page.focus("#site-search-q")
    csp_page.keyboard.type("ทรัพย์สิน")
    csp_page.keyboard.press("Enter")
    csp_page.wait_for_url("**/search/?q=*")
    csp_page.wait_for_function(DONE, timeout=15000)
    assert csp_page.input_value("#search-q") == "ทรัพย์สิน"
    first = csp_page.locator("#search-results > li h2 a").first.get_attribute("href")
    assert first.endswith("/2564/o43/indicator-6/")


def test_search_page_without_javascript_says_search_needs_it(browser, default_site):
    context = browser.new_context(java_script_enabled=False, locale="th-TH")
    page = context.new_page()
    page.goto(default_site.url("/search/?q=ทรัพย์สิน"))
    assert page.is_visible("#search-nojs")
    assert "JavaScript" in page.text_content("#search-nojs")
    page.goto(default_site.url("/2564/o43/indicator-6/"))         # content pages need no script
    assert "ทรัพย์สินของราชการ" in page.text_content("main")
    context.close()


def test_search_page_with_results_passes_axe_and_vnu(page, default_site, run_axe, run_vnu):
    page.goto(default_site.url("/search/?q=ทรัพย์สิน"))
    page.wait_for_function(DONE, timeout=15000)
    assert page.locator("#search-results > li").count() > 0
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    errors = run_vnu([default_site.file("/search/")])
    assert not any(errors.values()), format_vnu(errors)


@pytest.mark.parametrize("query, path, within", [
    ("สินบน", "/2564/o43/indicator-2/", 1),          # in การรับสินบน
    ("โปร่งใส", "/2564/o43/", 1),                     # in ความโปร่งใส, the item's title
    ("ซ้อน", "/2564/o43/indicator-1/", 3),            # in ไม่ซ้ำซ้อน (ผลประโยชน์ทับซ้อน is on two more)
    ("คำถาม", "/2564/o43/indicator-1/", 1),           # in ตอบคำถาม
])
def test_word_inside_a_compound_finds_its_page(csp_page, default_site, query, path, within):
    results = search(csp_page, default_site, query)
    found = result(results, path, within)
    assert_clean_excerpt(found, query)
    assert found["meta"] == "รายการ O43 · ปีงบประมาณ พ.ศ. ๒๕๖๔"
    assert not csp_page.problems, csp_page.problems


def test_arabic_and_thai_digits_find_the_same_pages(csp_page, default_site):
    arabic = search(csp_page, default_site, "1567")           # the hotline, written ๑๕๖๗ on the site
    status = csp_page.text_content("#search-status")
    thai = search(csp_page, default_site, "๑๕๖๗")
    assert paths(arabic) == paths(thai) and arabic, paths(arabic)
    assert_clean_excerpt(result(arabic, "/contact/", 1), "๑๕๖๗")
    assert_clean_excerpt(result(thai, "/contact/", 1), "๑๕๖๗")
    count = str(len(arabic)).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert status.startswith(f"พบ {count} หน้า") and f"({len(arabic)} results)" in status, status


def test_search_fetches_only_the_index_files_it_needs(csp_page, default_site):
    fetched: list[str] = []
    csp_page.on("request", lambda request: fetched.append(request.url))
    results = search(csp_page, default_site, "ทรัพย์สิน")
    bundle = [url.split("/search-index/", 1)[1] for url in fetched if "/search-index/" in url]
    assert "meta.json" in bundle
    assert sorted(f for f in bundle if f.startswith("f/")) == sorted({f for f in bundle if f.startswith("f/")})
    assert len([f for f in bundle if f.startswith("f/")]) == len(results)      # fragments of the results only
    assert 0 < len([f for f in bundle if f.startswith("s/")]) <= 3              # ทรัพย์สิน: three grams
    assert not [url for url in fetched if "pagefind" in url or url.endswith(".wasm")]
    build = json.loads((default_site.out_dir / "search-index" / "meta.json").read_text(encoding="utf-8"))["id"]
    assert all(name.endswith(f".bin?v={build}") for name in bundle if name != "meta.json"), bundle


def test_back_and_forward_show_each_query_again(csp_page, default_site):
    search(csp_page, default_site, "ทรัพย์สิน")
    csp_page.fill("#search-q", "คำถาม")
    csp_page.press("#search-q", "Enter")
    csp_page.wait_for_function("() => document.getElementById('search-status').textContent.includes('คำถาม')")
    assert "q=%E0%B8%84" in csp_page.url
    csp_page.go_back()
    csp_page.wait_for_function("() => document.getElementById('search-status').textContent.includes('ทรัพย์สิน')")
    assert csp_page.input_value("#search-q") == "ทรัพย์สิน"
    assert csp_page.title().startswith("ทรัพย์สิน – ")
    first = csp_page.locator("#search-results > li h2 a").first.get_attribute("href")
    assert first.endswith("/2564/o43/indicator-6/")


def test_index_files_a_server_already_gunzipped_are_read_as_they_come(csp_page, default_site):
    # some servers send the .bin files with Content-Encoding: gzip, so fetch() hands over plain bytes
    plain: list[str] = []

    def gunzipped(route):
        response = route.fetch()
        body = response.body()
        plain.append(route.request.url)
        route.fulfill(response=response, body=gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body)

    csp_page.route(re.compile(r"/search-index/.*\.bin(\?|$)"), gunzipped)      # ?v=<build> too
    results = search(csp_page, default_site, "ทรัพย์สิน")
    assert plain and paths(results)[:1] == ["/2564/o43/indicator-6/"], paths(results)
    assert "ทรัพย์สิน" in results[0]["marks"]
    assert not csp_page.problems, csp_page.problems


def test_index_files_are_asked_for_with_the_build_named_in_meta(csp_page, default_site):
    # file names stay the same from build to build: with meta.json's "id", no cached file of an
    # earlier build is used with this meta.json
    fetched: list[str] = []
    csp_page.on("request", lambda request: fetched.append(request.url))

    def with_id(route):
        response = route.fetch()
        meta = json.loads(response.body())
        route.fulfill(response=response, body=json.dumps({**meta, "id": "b1d"}))

    csp_page.route("**/search-index/meta.json", with_id)
    assert paths(search(csp_page, default_site, "ทรัพย์สิน"))[:1] == ["/2564/o43/indicator-6/"]
    files = [url for url in fetched if "/search-index/" in url and "meta.json" not in url]
    assert files and all(url.endswith(".bin?v=b1d") for url in files), files


def test_search_says_so_when_its_index_cannot_be_loaded(csp_page, default_site):
    csp_page.route("**/search-index/meta.json", lambda route: route.abort())
    assert search(csp_page, default_site, "ทรัพย์สิน") == []
    status = csp_page.text_content("#search-status")
    assert "ระบบค้นหาโหลดไม่สำเร็จ" in status and "Search could not be loaded." in status, status
    assert csp_page.is_hidden("#search-results")


# --------------------------------------------------------------------------- larger site


@pytest.mark.parametrize("query, first", [
    ("ประกวดราคา", "/2567/o20/"),                    # mid-sentence, in the body only
    ("ทรัพย์สิน", "/2566/o43/indicator-2/"),
])
def test_larger_site_thai_queries_find_the_right_page_first(csp_page, search_site, query, first):
    results = search(csp_page, search_site, query)
    assert results and results[0]["path"] == first, paths(results)
    assert not csp_page.problems, csp_page.problems


def test_larger_site_budget_query_puts_the_pages_titled_with_it_first(csp_page, search_site):
    # งบประมาณ is on 45 of the site's pages; these three have it in their title (2566's indicator
    # "การใช้งบประมาณ", 2567's O11 and O12), as short pages of the same length
    results = search(csp_page, search_site, "งบประมาณ")
    assert set(paths(results)[:3]) == {"/2566/o43/indicator-3/", "/2567/o11/", "/2567/o12/"}, paths(results)
    assert not csp_page.problems, csp_page.problems


def test_larger_site_complaint_items_come_first(csp_page, search_site):
    results = search(csp_page, search_site, "ร้องเรียน")
    assert set(paths(results)[:3]) == {"/2567/o27/", "/2567/o28/", "/2567/o29/"}, paths(results)


def test_word_inside_a_text_pdf_is_found_through_its_text_page(csp_page, search_site):
    results = search(csp_page, search_site, "Zircon")
    assert paths(results)[:1] == ["/2567/o1/files/structure-report-2567.pdf.html"], paths(results)
    assert results[0]["meta"] == "รายการ O1 · ปีงบประมาณ พ.ศ. 2567"
    csp_page.click("#search-results > li h2 a")
    csp_page.wait_for_load_state()
    pdf_link = csp_page.locator(".pdf-source a[type='application/pdf']")
    assert pdf_link.get_attribute("href") == "structure-report-2567.pdf"


def test_larger_site_nonsense_query_finds_nothing(csp_page, search_site):
    assert search(csp_page, search_site, "ฆฃฅฆฃฅ") == []
    assert NO_RESULTS in csp_page.text_content("#search-status")


def test_pdf_text_page_and_evidence_list_pass_axe(page, search_site, run_axe, run_vnu):
    report = []
    for path in ("/2567/o1/", "/2567/o1/files/structure-report-2567.pdf.html", "/search/"):
        page.goto(search_site.url(path))
        violations = run_axe(page)
        if violations:
            report.append(f"{path}\n{format_violations(violations)}")
    assert not report, "\n".join(report)
    files = [search_site.file(p) for p in ("/2567/o1/", "/2567/o1/files/structure-report-2567.pdf.html")]
    errors = run_vnu([Path(f) for f in files])
    assert not any(errors.values()), format_vnu(errors)


def test_larger_site_shows_the_first_20_of_many_results(csp_page, search_site):
    results = search(csp_page, search_site, "งบประมาณ")
    assert len(results) == 20
    status = csp_page.text_content("#search-status")
    assert "แสดง 20 รายการแรก" in status and "(45 results)" in status, status    # the site writes Arabic digits


# --------------------------------------------------------------------------- PDF text with private-use glyphs


@pytest.fixture(scope="session")
def pua_site(tmp_path_factory, serve) -> BuiltSite:
    """test_search_query.py's tiny site: its indicator's PDF text comes out of pypdf as ป\uf70bองกัน."""
    from sitekit import write_site
    from test_search_query import site_files

    from ita_site.pipeline import build_site

    root = tmp_path_factory.mktemp("site-pua")
    project = write_site(root / "project", site_files())
    build_site(project, root / "output", say=lambda *a: None)
    return BuiltSite("pua", root / "output", serve(root / "output", site_base_path(root / "output")))


def test_thai_word_in_a_pdf_with_private_use_glyphs_is_found(csp_page, pua_site):
    results = search(csp_page, pua_site, "ป้องกัน")
    found = result(results, "/2564/o43/files/measures.pdf.html")
    assert_clean_excerpt(found, "ป้องกัน")
    assert found["meta"] == "รายการ O43 · ปีงบประมาณ พ.ศ. ๒๕๖๔"
    assert not csp_page.problems, csp_page.problems


# --------------------------------------------------------------------------- a new build under an open page


def test_a_query_after_a_new_build_reads_the_new_index(csp_page, tmp_path, serve, monkeypatch):
    """ita-site serve (or a deploy) swaps a new index in while the search page stays open: the next query
    asks for meta.json again and reads only the new build's files, so a word of a new page is found. Both
    builds have the same SOURCE_DATE_EPOCH, so every file has the same time in both (as two builds within
    one second have the same Last-Modified): a revalidation of meta.json would be answered 304 and the
    browser would keep the old one."""
    from sitekit import minimal_files, write_site

    from ita_site.pipeline import build_site

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")

    project = write_site(tmp_path / "project", minimal_files())
    output = tmp_path / "output"
    build_site(project, output, say=lambda *a: None)
    site = BuiltSite("swap", output, serve(output, site_base_path(output)))
    assert paths(search(csp_page, site, "ประสิทธิภาพ"))[:1] == ["/2564/o43/indicator-1/"]
    first_id = json.loads((output / "search-index/meta.json").read_text(encoding="utf-8"))["id"]

    (project / "content/pages/news.md").write_text("---\ntitle: ข่าวใหม่\n---\nประกาศรับสมัครงานราชการ\n",
                                                   encoding="utf-8")
    build_site(project, output, say=lambda *a: None)                   # the same folder, swapped in whole
    new_id = json.loads((output / "search-index/meta.json").read_text(encoding="utf-8"))["id"]
    assert new_id != first_id
    assert (output / "search-index/meta.json").stat().st_mtime == 1700000000
    fetched: list[str] = []
    csp_page.on("request", lambda request: fetched.append(request.url))
    csp_page.fill("#search-q", "รับสมัครงาน")                          # the same page: no reload
    csp_page.press("#search-q", "Enter")
    csp_page.wait_for_function("() => document.getElementById('search-status').textContent.includes('รับสมัครงาน')"
                               " && !document.getElementById('search-status').textContent.startsWith('กำลัง')")
    first = csp_page.locator("#search-results > li h2 a").first.get_attribute("href")
    assert first and first.endswith("/news/"), csp_page.text_content("#search-status")
    files = [url.split("/search-index/", 1)[1] for url in fetched if "/search-index/" in url]
    assert "meta.json" in files
    assert all(f.endswith(f"?v={new_id}") for f in files if f != "meta.json"), files
    assert not csp_page.problems, csp_page.problems
