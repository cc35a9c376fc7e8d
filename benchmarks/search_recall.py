#!/usr/bin/env python3
"""Recall of the site search (issue 16, item 4): does every word of a page find that page?

For a built site: the text of every indexed page (own_index.site_pages: its <main data-pagefind-body>
without the elements search.EXCLUDE leaves out), as it reads (own_index.display: PDF private-use
glyphs mapped to Thai, NFKC), cut into words by ICU (the browser's Intl.Segmenter, in headless
Chromium) and by PyThaiNLP's newmm, and every number in both digit forms (1567 and ๑๕๖๗). Each
distinct word is searched once
- in Pagefind as the site ships it: the site is served on 127.0.0.1 and the word goes through the
  search page's own query code (queryWords of ita_site/static/search.js, copied from that file at run
  time) and then pagefind.js's search over the built pagefind/ bundle;
- in the prototype index of own_index.py (--own DIR: built there first), through its Python query.
A (word, page) pair counts as found when the page is among the results (and "top 10" when among the
first ten). With --bytes, also the bytes each engine loads for the issue's queries and the 20 words
found on most pages (Pagefind: the files Chromium fetches for /search/?q=..., which shows 20 results;
the prototype: meta, shards and the fragments of 20 results).

Usage: search_recall.py SITE_DIR [--own OWN_DIR] [--bytes] [--json OUT.json]   (needs chromium, playwright, pythainlp)
       search_recall.py SITE_DIR --bytes-only REPORT.json   (only Pagefind's bytes, for the queries of an earlier report)
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
import own_index  # noqa: E402
from ita_site.publish import search  # noqa: E402
from tests.browser.browser_support import StaticServer, launch_chromium, site_base_path  # noqa: E402

THAI = re.compile("[\u0E01-\u0E4E]")
NUMBER = re.compile("[0-9]+|[\u0E50-\u0E59]+")
TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
ISSUE_QUERIES = ["สินบน", "โปร่งใส", "ซ้อน", "คำถาม", "1567", "๑๕๖๗", "ป้องกัน"]


def page_texts(site: Path) -> dict[str, str]:
    """Site path ("/2564/o43/") -> the page's indexed text, as it reads."""
    return {url: own_index.page_text(title, body)[1] for url, title, body in own_index.site_pages(site)}


def newmm_words(text: str) -> set[str]:
    from pythainlp.tokenize import word_tokenize
    return {w for w in word_tokenize(text, engine="newmm", keep_whitespace=False) if THAI.search(w)}


def digit_words(text: str) -> set[str]:
    return {form for n in NUMBER.findall(text) for form in (n.translate(TO_ARABIC), n.translate(TO_THAI))}


def fragment_urls(site: Path) -> dict[str, str]:
    """Pagefind's result id (its fragment file's name) -> the page's site path."""
    urls = {}
    for fragment in (site / search.BUNDLE / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        urls[fragment.stem] = json.loads(data[data.index(b"{"):])["url"]
    return urls


def query_code() -> str:
    """startsAWord and queryWords, as the search page runs them (from ita_site/static/search.js)."""
    source = (ROOT / "ita_site" / "static" / "search.js").read_text(encoding="utf-8")
    start, end = source.index("async function startsAWord"), source.index("// The excerpt")
    head = "const THAI = /[\\u0E00-\\u0E7F]/; const thaiWords = new Intl.Segmenter('th', { granularity: 'word' });"
    return head + source[start:end]


SETUP = """async () => {
  const form = document.getElementById('search-form');
  const bundle = new URL(form.dataset.bundle + 'pagefind.js', document.baseURI).href;
  window.engine = await import(bundle);
  await window.engine.init();
  window.queryWords = (() => { %s; return queryWords; })();
  return true;
}"""

ICU_WORDS = """(texts) => {
  const seg = new Intl.Segmenter('th', { granularity: 'word' });
  return texts.map((t) => [...new Set([...seg.segment(t)].filter((s) => s.isWordLike && /[\\u0E01-\\u0E4E]/.test(s.segment)).map((s) => s.segment))]);
}"""

SEARCH = """async (words) => {
  const out = {};
  for (const word of words) {
    const sent = await window.queryWords(window.engine, word);
    out[word] = (await window.engine.search(sent)).results.map((r) => r.id);
  }
  return out;
}"""


def shares(kinds: dict, hits: dict[str, list[str]]) -> dict:
    """Per kind of word: pairs, found, share, found in the top ten, and some misses."""
    report = {}
    for kind, pages in kinds.items():
        pairs, top, missed = 0, 0, []
        for path, words in pages.items():
            for word in sorted(words):
                pairs += 1
                ranked = hits[word]
                if path not in ranked:
                    missed.append((word, path))
                elif ranked.index(path) < 10:
                    top += 1
        report[kind] = {"pairs": pairs, "found": pairs - len(missed),
                        "share": round(100 * (pairs - len(missed)) / max(pairs, 1), 3),
                        "top10": round(100 * top / max(pairs, 1), 3),
                        "distinct_words": len({w for ws in pages.values() for w in ws}),
                        "missed_count": len(missed), "missed": missed[:20]}
    return report


def pagefind_bytes(browser, server, site: Path, query: str) -> dict:
    """Bytes of the pagefind/ files a fresh browser fetches for /search/?q=query, by kind."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlparse(request.url).path))
    page.goto(server.url("/search/?q=" + quote(query)))
    page.wait_for_function("() => !/…/.test(document.getElementById('search-status').textContent) && "
                           "document.getElementById('search-status').textContent !== ''", timeout=60_000)
    page.wait_for_load_state("networkidle")
    context.close()
    out = {"index": 0, "fragments": 0, "fixed": 0, "index_files": 0}
    prefix = server.prefix + search.BUNDLE + "/"
    for path in set(fetched):
        if not path.startswith(prefix):
            continue
        size = (site / search.BUNDLE / path[len(prefix):]).stat().st_size
        kind = "index" if path.endswith(".pf_index") else "fragments" if path.endswith(".pf_fragment") else "fixed"
        out[kind] += size
        out["index_files"] += kind == "index"
    return out


def run(site: Path, own: Path | None, with_bytes: bool) -> dict:
    from playwright.sync_api import sync_playwright

    site = site.resolve()
    texts = page_texts(site)
    paths = list(texts)
    report: dict = {"pages": len(paths)}
    if own:
        shutil.rmtree(own, ignore_errors=True)
        start = time.perf_counter()
        report["own_build"] = own_index.build(site, own)
        report["own_build"]["wall_s"] = round(time.perf_counter() - start, 2)
    start = time.perf_counter()
    newmm = {p: newmm_words(texts[p]) for p in paths}
    report["newmm_s"] = round(time.perf_counter() - start, 1)
    server = StaticServer(site, site_base_path(site)).start()
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page()
            page.goto(server.url("/search/"))
            page.evaluate(SETUP % query_code())
            icu = []
            for start in range(0, len(paths), 100):
                icu += page.evaluate(ICU_WORDS, [texts[p] for p in paths[start:start + 100]])
            kinds = {"icu": {p: set(words) for p, words in zip(paths, icu)}, "newmm": newmm,
                     "digits": {p: digit_words(texts[p]) for p in paths}}
            wanted = sorted({w for pages in kinds.values() for words in pages.values() for w in words})
            report["words"] = len(wanted)
            start = time.perf_counter()
            found: dict[str, list[str]] = {}
            for first in range(0, len(wanted), 200):
                found.update(page.evaluate(SEARCH, wanted[first:first + 200]))
            report["pagefind_query_s"] = round(time.perf_counter() - start, 1)
            urls = fragment_urls(site)
            report["pagefind"] = shares(kinds, {w: [urls.get(i, "?") for i in ids] for w, ids in found.items()})
            common = [w for w, _ in Counter(w for ws in newmm.values() for w in ws if len(w) > 1).most_common(20)]
            report["byte_queries"] = ISSUE_QUERIES + common
            if with_bytes:
                report["pagefind_bytes"] = {q: pagefind_bytes(browser, server, site, q) for q in report["byte_queries"]}
            browser.close()
    finally:
        server.stop()
    if own:
        index = own_index.Index(own)
        own_urls = [own_index.Index(own).fragment(i)["url"] for i in range(index.meta["pages"])]
        start = time.perf_counter()
        hits = {w: [own_urls[p] for p, _ in index.search(w)] for w in wanted}
        report["own_query_s"] = round(time.perf_counter() - start, 1)
        report["own"] = shares(kinds, hits)
        if with_bytes:
            report["own_bytes"] = {q: own_index.query_cost(own, q, shown=20) for q in report["byte_queries"]}
    return report


def bytes_only(site: Path, queries: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    site = site.resolve()
    server = StaticServer(site, site_base_path(site)).start()
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for query in queries:
                print(f"    {query:14} {json.dumps(pagefind_bytes(browser, server, site, query))}", flush=True)
            browser.close()
    finally:
        server.stop()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    ap.add_argument("--own", type=Path, help="build own_index.py's prototype here and measure it too")
    ap.add_argument("--bytes", action="store_true", help="bytes loaded per query, both engines")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--bytes-only", type=Path, metavar="REPORT.json")
    args = ap.parse_args()
    if args.bytes_only:
        return bytes_only(args.site, json.loads(args.bytes_only.read_text(encoding="utf-8"))["byte_queries"])
    report = run(args.site, args.own, args.bytes)
    print(f"{args.site}: {report['pages']} pages, {report['words']} distinct words searched "
          f"(newmm {report['newmm_s']} s, Pagefind queries {report['pagefind_query_s']} s, "
          f"prototype queries {report.get('own_query_s', '-')} s)")
    for engine in ("pagefind", "own"):
        for kind, r in report.get(engine, {}).items():
            print(f"  {engine:8} {kind:7} {r['found']:>7}/{r['pairs']:<7} pairs found = {r['share']:7.3f} %  "
                  f"top 10 {r['top10']:7.3f} %  ({r['distinct_words']} words, {r['missed_count']} missed) "
                  f"{r['missed'][:5]}")
    for engine in ("pagefind_bytes", "own_bytes"):
        if engine in report:
            print(f"  {engine}:")
            for query, cost in report[engine].items():
                print(f"    {query:14} {json.dumps(cost, ensure_ascii=False)}")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
