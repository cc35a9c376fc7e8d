#!/usr/bin/env python3
"""Recall of the site search (issue 16, item 4): does every word of a page find that page?

For a built site, the shipped index (search-index/) is searched by the shipped query
(ita_site/static/searchindex.js, the module the search page imports), in node: the same code, the same
files (fs and zlib in place of fetch and DecompressionStream), much faster than a browser.

The words: the text of every page the index should hold, read from the HTML independently of the
builder (html.parser: <main data-search-body> less the elements of searchtext.EXCLUDE's classes,
scripts and styles), as it reads (searchtext.display: PDF private-use glyphs mapped to Thai, NFKC),
cut into words
- by ICU, as browsers cut Thai (node's Intl.Segmenter, full ICU: every word-like segment with a letter);
- by PyThaiNLP's newmm (every token with a letter);
- and every number in both digit forms (1567 and ๑๕๖๗).
Each distinct word is searched once; a (word, page) pair is found when the page is among the results
("top 10" when among the first ten). A miss is told apart: the word is not in the text the builder
stored for the page (a builder normalisation or extraction gap) or it is and the query missed it.
Also the bytes a fresh reader loads for issue 16's queries and the 20 words on most pages: meta.json,
shards, and the fragments of the 20 results the page shows (sizes as stored, so as sent by a server
that does not compress them again).

Usage: search_recall.py SITE_DIR [--out REPORT.txt] [--json REPORT.json] [--note TEXT]   (needs node; pythainlp)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from ita_site import urls  # noqa: E402
from ita_site.publish.searchtext import EXCLUDE, display  # noqa: E402

SEARCHINDEX_JS = ROOT / "ita_site" / "static" / "searchindex.js"
NUMBER = re.compile("[0-9]+|[\u0E50-\u0E59]+")
TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
ISSUE_QUERIES = ["สินบน", "โปร่งใส", "ซ้อน", "คำถาม", "1567", "๑๕๖๗", "ป้องกัน"]
BLOCKS = {"p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "tr", "br", "section",
          "caption", "figcaption", "blockquote", "pre", "table", "ul", "ol", "dl", "nav", "header", "footer", "hr"}
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "area", "base", "col", "embed", "source", "track"}
UNSHOWN = {"script", "style", "template"}

# ------------------------------------------------------------------------------------- page text


class MainText(HTMLParser):
    """The text of <main data-search-body>, without excluded elements; a newline at block boundaries."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside, self.main_depth, self.parts = False, 0, []
        self.skip: list[str] | None = None          # the open elements of an excluded subtree
        self.indexed = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if not self.inside:
            if tag == "main" and "data-search-body" in attrs:
                self.inside, self.indexed = True, True
            return
        if tag == "main":
            self.main_depth += 1
        if self.skip is not None:
            if tag not in VOID:
                self.skip.append(tag)
            return
        if tag in UNSHOWN or EXCLUDE.intersection((attrs.get("class") or "").split()):
            if tag not in VOID:
                self.skip = [tag]
            return
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if self.skip is not None:
            if tag in self.skip:                   # close up to the matching element
                while self.skip and self.skip.pop() != tag:
                    pass
                if not self.skip:
                    self.skip = None
            return
        if tag == "main":
            if self.main_depth == 0:
                self.inside = False
            else:
                self.main_depth -= 1
            return
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.inside and self.skip is None:
            self.parts.append(data)


def site_path(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def page_texts(site: Path) -> dict[str, str]:
    """Site path ("2564/o43/", "" for home) -> the text of the page as it reads, for every indexed page."""
    out = {}
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel.startswith((".", urls.SEARCH_BUNDLE + "/")):
            continue
        parser = MainText()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.indexed:
            text = display("".join(parser.parts))
            if text.strip():
                out[site_path(site, page)] = text
    return out


def newmm_words(text: str) -> set[str]:
    from pythainlp.tokenize import word_tokenize
    return {w.strip() for w in word_tokenize(text, engine="newmm", keep_whitespace=False)
            if any(c.isalpha() for c in w) and w.strip() and not any(c.isspace() for c in w.strip())}


def digit_words(text: str) -> set[str]:
    return {form for n in NUMBER.findall(text) for form in (n.translate(TO_ARABIC), n.translate(TO_THAI))}


# ------------------------------------------------------------------------------------- node side

RUNNER = r"""
import fs from "node:fs";
import zlib from "node:zlib";
const mod = await import(new URL("./searchindex.mjs", import.meta.url));
const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const out = {};
let loaded = 0;
const load = async (rel) => {
  const file = `${job.index}/${rel}`;
  if (!fs.existsSync(file)) return null;
  const data = fs.readFileSync(file);
  loaded += data.length;
  return rel === "meta.json" ? data : zlib.gunzipSync(data);
};
if (job.texts) {                       // ICU words of each text (as browsers cut Thai)
  const seg = new Intl.Segmenter("th", { granularity: "word" });
  out.icu = job.texts.map((t) => [...new Set([...seg.segment(t)]
    .filter((s) => s.isWordLike && /\p{L}/u.test(s.segment)).map((s) => s.segment))]);
}
if (job.wanted) {                      // word -> [site path] it should find: the rank of each, or -1
  const index = await mod.open(load);
  const urls = [], texts = [];
  for (let p = 0; p < index.meta.pages; p++) {
    const f = await index.fragment(p);
    urls.push(f.url);
    texts.push(mod.fold(f.text));
  }
  out.urls = urls;
  const page = new Map(urls.map((u, p) => [u, p]));
  const start = performance.now();
  out.ranks = {};
  out.in_text = {};
  for (const [word, paths] of Object.entries(job.wanted)) {
    const found = (await index.search(word)).map(([p]) => p);
    const rank = new Map(found.map((p, i) => [p, i]));
    out.ranks[word] = paths.map((u) => (page.has(u) && rank.has(page.get(u)) ? rank.get(page.get(u)) : -1));
    paths.forEach((u, i) => {
      if (out.ranks[word][i] < 0) {
        const q = mod.queryWords(word).join(" ");
        out.in_text[`${word}\t${u}`] = page.has(u) ? texts[page.get(u)].includes(q) : null;
      }
    });
  }
  out.query_s = (performance.now() - start) / 1000;
}
if (job.costs) {                       // bytes a fresh reader loads: meta, shards, 20 fragments
  out.costs = [];
  for (const query of job.costs) {
    loaded = 0;
    const index = await mod.open(load);
    const meta = loaded;
    const found = await index.search(query);
    const shards = loaded - meta;
    for (const [p] of found.slice(0, 20)) mod.excerpt((await index.fragment(p)).text, query);
    out.costs.push({ query, results: found.length, meta, shards, fragments: loaded - meta - shards });
  }
}
fs.writeFileSync(process.argv[3], JSON.stringify(out));
"""


def node(job: dict, folder: Path) -> dict:
    (folder / "job.json").write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    subprocess.run(["node", "--max-old-space-size=4096", str(folder / "runner.mjs"), str(folder / "job.json"),
                    str(folder / "out.json")], check=True)
    return json.loads((folder / "out.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------------- report


def shares(kinds: dict[str, dict[str, set[str]]], ranks: dict[str, dict[str, int]], in_text: dict) -> dict:
    report = {}
    for kind, pages in kinds.items():
        pairs, top, missed = 0, 0, []
        for path, words in pages.items():
            for word in sorted(words):
                pairs += 1
                rank = ranks[word][path]
                if rank < 0:
                    missed.append((word, path, in_text.get(f"{word}\t{path}")))
                elif rank < 10:
                    top += 1
        report[kind] = {"pairs": pairs, "found": pairs - len(missed),
                        "share": round(100 * (pairs - len(missed)) / max(pairs, 1), 3),
                        "top10": round(100 * top / max(pairs, 1), 3),
                        "distinct_words": len({w for ws in pages.values() for w in ws}),
                        "missed_count": len(missed),
                        "missed_not_in_builder_text": sum(1 for m in missed if m[2] is False),
                        "missed_page_not_indexed": sum(1 for m in missed if m[2] is None),
                        "missed": missed[:30]}
    return report


def versions() -> str:
    from importlib import metadata

    commit = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True,
                            text=True).stdout.strip()
    node_version = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return f"ita-site {commit}, node {node_version}, pythainlp {metadata.version('pythainlp')}"


def run(site: Path) -> dict:
    site = site.resolve()
    bundle = site / urls.SEARCH_BUNDLE
    if not (bundle / "meta.json").is_file():
        sys.exit(f"{bundle}/meta.json is missing: build the site first")
    work = Path(tempfile.mkdtemp(prefix="search-recall-"))
    try:
        shutil.copyfile(SEARCHINDEX_JS, work / "searchindex.mjs")
        (work / "runner.mjs").write_text(RUNNER, encoding="utf-8")
        start = time.perf_counter()
        texts = page_texts(site)
        paths = list(texts)
        report: dict = {"site": str(site), "pages": len(paths), "text_s": round(time.perf_counter() - start, 1),
                        "versions": versions()}
        start = time.perf_counter()
        icu = node({"texts": [texts[p] for p in paths]}, work)["icu"]
        report["icu_s"] = round(time.perf_counter() - start, 1)
        start = time.perf_counter()
        newmm = {p: newmm_words(texts[p]) for p in paths}
        report["newmm_s"] = round(time.perf_counter() - start, 1)
        kinds = {"icu": {p: set(words) for p, words in zip(paths, icu)}, "newmm": newmm,
                 "digits": {p: digit_words(texts[p]) for p in paths}}
        wanted: dict[str, set[str]] = {}
        for pages in kinds.values():
            for path, words in pages.items():
                for word in words:
                    wanted.setdefault(word, set()).add(path)
        order = {w: sorted(ps) for w, ps in wanted.items()}
        report["words"] = len(order)
        common = [w for w, _ in Counter(w for ws in newmm.values() for w in ws if len(w) > 1).most_common(20)]
        report["byte_queries"] = ISSUE_QUERIES + common
        start = time.perf_counter()
        out = node({"index": str(bundle), "wanted": order, "costs": report["byte_queries"]}, work)
        report["search_s"] = round(time.perf_counter() - start, 1)
        report["query_s"] = round(out["query_s"], 1)
        report["index_pages"] = len(out["urls"])
        report["pages_not_in_index"] = sorted(set(paths) - set(out["urls"]))[:20]
        report["index_pages_not_read"] = sorted(set(out["urls"]) - set(paths))[:20]
        ranks = {w: dict(zip(order[w], r)) for w, r in out["ranks"].items()}
        report["recall"] = shares(kinds, ranks, out["in_text"])
        report["costs"] = out["costs"]
        report["index_bytes"] = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
        report["index_files"] = sum(1 for p in bundle.rglob("*") if p.is_file())
        return report
    finally:
        shutil.rmtree(work, ignore_errors=True)


def text_report(report: dict) -> str:
    lines = [f"search_recall.py ({report['versions']}, {time.strftime('%Y-%m-%d')})",
             f"{report['site']}: {report['pages']} pages read from HTML, {report['index_pages']} in the index "
             f"({report['index_bytes'] / 1e6:.2f} MB in {report['index_files']} files); "
             f"{report['words']} distinct words searched",
             f"  time: HTML text {report['text_s']} s, ICU {report['icu_s']} s, newmm {report['newmm_s']} s, "
             f"node search {report['search_s']} s (queries {report['query_s']} s)"]
    if report["pages_not_in_index"] or report["index_pages_not_read"]:
        lines.append(f"  pages not in the index: {report['pages_not_in_index']}; "
                     f"indexed but not read here: {report['index_pages_not_read']}")
    for kind, r in report["recall"].items():
        lines.append(f"  {kind:7} {r['found']:>7}/{r['pairs']:<7} pairs found = {r['share']:7.3f} %  "
                     f"top 10 {r['top10']:7.3f} %  ({r['distinct_words']} words, {r['missed_count']} missed: "
                     f"{r['missed_not_in_builder_text']} not in the builder's text, "
                     f"{r['missed_page_not_indexed']} on pages not indexed)")
        for word, path, in_text in r["missed"][:10]:
            why = "page not indexed" if in_text is None else "in builder text" if in_text else "not in builder text"
            lines.append(f"      missed {word!r} on /{path} ({why})")
    lines.append("  bytes a fresh reader loads (meta + shards + fragments of the first 20 results):")
    for cost in report["costs"]:
        query, total = cost["query"], cost["meta"] + cost["shards"] + cost["fragments"]
        lines.append(f"    {query:14} {cost['results']:>5} results  meta {cost['meta']:>7}  shards {cost['shards']:>7}  "
                     f"fragments {cost['fragments']:>7}  total {total / 1024:7.1f} KiB")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    ap.add_argument("--out", type=Path, help="write the text report here too")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--note", default="", help="how the site was made, for the report's head")
    args = ap.parse_args()
    report = run(args.site)
    text = text_report(report)
    if args.note:
        first, rest = text.split("\n", 1)
        text = f"{first}\n{args.note}\n{rest}"
    print(text, end="")
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
