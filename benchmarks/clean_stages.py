#!/usr/bin/env python3
"""Where a clean build's wall time goes: `clean_stages.py PROJECT OUTPUT` (no search index, as ita_bench.py
--no-search-index; OUTPUT is replaced, so give a scratch folder ita-site made or none).

One build_site call with timers wrapped around its main parts; prints each part's wall seconds and share.
Parts run on both cores where the build forks (pages, pack PDFs), so their seconds are wall, not CPU.
"""
from __future__ import annotations

import functools
import sys
import time
from pathlib import Path

from ita_site import pipeline
from ita_site.content import load
from ita_site.publish import cards, itas, outputs, pack_pdf, search, write
from ita_site.render import parallel

spent: dict[str, float] = {}


def timed(real, label):
    @functools.wraps(real)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - started
    return wrapper


def main() -> int:
    project, output = Path(sys.argv[1]), Path(sys.argv[2])
    search.index = lambda *args, **kwargs: True
    pack_pdf._made = timed(pack_pdf._made, "pack PDFs: WeasyPrint, on every core")
    pack_pdf.pdf_html = timed(pack_pdf.pdf_html, "pack PDFs: their HTML")
    itas.xlsx_of = timed(itas.xlsx_of, "ITAS workbooks (openpyxl)")
    write.Staging.write_chunks = timed(write.Staging.write_chunks, "open data: encoded and written")
    write.Staging.commit = timed(write.Staging.commit, "write: flush and swap")
    outputs.GENERATED = tuple(timed(unit, "sharing cards") if unit is cards.files else unit
                              for unit in outputs.GENERATED)
    steps = pipeline.FullBuild
    steps.load_content = staticmethod(timed(load.load_content, "load content/"))
    steps.render_site = staticmethod(timed(parallel.render_site, "pages: views, Markdown, Jinja, link scan, on every core"))
    steps.check = staticmethod(timed(pipeline._check, "link check and reachability"))
    pipeline._model = timed(pipeline._model, "model: cross-file checks, assembly")
    started = time.perf_counter()
    report = pipeline.build_site(project, output, say=lambda *args: None)
    total = time.perf_counter() - started
    print(f"clean build of {project}: {total:.1f} s, {report.pages or ''} pages, {report.items} items")
    for label, seconds in sorted(spent.items(), key=lambda pair: -pair[1]):
        print(f"  {label}: {seconds:.1f} s ({100 * seconds / total:.0f} %)")
    rest = total - sum(spent.values())
    print(f"  everything else (validate, hygiene, feeds, sitemaps, copies, ledger ...): {rest:.1f} s "
          f"({100 * rest / total:.0f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
