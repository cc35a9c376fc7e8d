#!/usr/bin/env python3
"""What a Pagefind index of a built site costs, indexed in several ways (issue 16: choose a mechanism by
measuring). Each variant runs Pagefind once over SITE_DIR and prints its wall time, CPU and peak memory:

- shipped:  the extended binary over the pages, as the build runs it (search.command)
- standard: the standard binary over the pages
- main:     the standard binary over copies holding only each page's <main data-pagefind-body>
- newmm:    as main, plus once per page the Thai text from every PyThaiNLP newmm word start (14 chars),
            the sub-word terms that would let a word inside a compound find its page
- records:  Pagefind's Python API, one custom record of plain text per page (no HTML parsing)

Usage: search_variants.py SITE_DIR [VARIANT ...]     (work files go to a temporary folder, removed after;
run one variant per invocation to see its own peak memory: the figure is the largest child so far)
"""

from __future__ import annotations

import asyncio
import html
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from ita_site.publish import search  # noqa: E402
sys.path.insert(0, str(Path(__file__).resolve().parent))
import pagefind_peer  # noqa: E402

MAIN = re.compile(r"(<main\b[^>]*data-pagefind-body[^>]*>)(.*?)(</main>)", re.S)
THAI_RUN = re.compile("[\u0E01-\u0E4E]+")


def pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site)
        if rel.parts[0].startswith(".") or rel.parts[0] == search.BUNDLE:
            continue
        found = MAIN.search(path.read_text(encoding="utf-8"))
        if found:
            yield rel, found


def text_of(main_html: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", main_html)).split())


def newmm_terms(text: str) -> set[str]:
    from pythainlp.tokenize import word_tokenize

    terms = set()
    for run in THAI_RUN.findall(text):
        position = 0
        for word in word_tokenize(run, engine="newmm"):
            terms.add(run[position:position + 14])
            position += len(word)
    return terms


def copies(site: Path, folder: Path, with_terms: bool) -> None:
    for rel, found in pages(site):
        extra = " ".join(sorted(newmm_terms(text_of(found.group(2))))) if with_terms else ""
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f'<!DOCTYPE html><html lang="th"><body>{found.group(0)[:-7]}<div>{html.escape(extra)}</div>'
                          "</main></body></html>", encoding="utf-8")


async def records(site: Path, out: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    # the index is written once, to the config's output_path, when the context ends
    async with PagefindIndex(IndexConfig(force_language="th", output_path=str(out))) as index:
        for rel, found in pages(site):
            await index.add_custom_record(url="/" + rel.as_posix(), content=text_of(found.group(2)), language="th")


def run(variant: str, site: Path, work: Path) -> str:
    from pagefind_bin import get_executable as standard

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    if variant == "shipped":
        subprocess.run(pagefind_peer.command(site, work / "bundle"), check=True, cwd=site)
    elif variant == "standard":
        subprocess.run([str(standard()), "--site", str(site), "--output-path", str(work / "bundle"), "--silent"],
                       check=True)
    elif variant in ("main", "newmm"):
        copies(site, work / "copies", with_terms=variant == "newmm")
        subprocess.run([str(standard()), "--site", str(work / "copies"), "--output-path", str(work / "bundle"),
                        "--silent"], check=True)
    elif variant == "records":
        asyncio.run(records(site, work / "bundle"))
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    size = sum(p.stat().st_size for p in (work / "bundle").rglob("*") if p.is_file())
    return (f"{variant:9} wall {wall:6.1f} s  Pagefind CPU {cpu:6.1f} s  largest child so far "
            f"{after.ru_maxrss / 1024:6.0f} MB  bundle {size / 1e6:5.1f} MB")


def main() -> None:
    site, variants = Path(sys.argv[1]).resolve(), sys.argv[2:] or ["shipped", "standard", "main", "newmm", "records"]
    print(f"{sum(1 for _ in pages(site))} indexed pages in {site}", flush=True)
    for variant in variants:
        work = Path(tempfile.mkdtemp(prefix="search-variants-"))
        try:
            print(run(variant, site, work), flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
