#!/usr/bin/env python3
"""Time the incremental rebuilds of `ita-site serve` (incremental.Rebuilder, what serve.rebuild calls).

In PROJECT: one initial build into the preview folder (startup_s), REPEAT no-op rebuilds (noop_s),
REPEAT edits of one page, each followed by a rebuild (rebuild_s; the edit appends a Thai line, as
run_peers.sh does), and one title edit of that page (title_s: its whole section's nav changes).
With --verify, the preview is then compared file by file with a clean `build` of the same content.
Prints one JSON line. --no-search-index: the Pagefind step does nothing (see ita_bench.py).
With the search index, serve re-indexes in the background after a rebuild (search.Background), so a
rebuild returns without waiting for Pagefind; search_wait_s is how long after the title edit's rebuild
the new index was in place.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project", type=Path, required=True)
    ap.add_argument("--edit", required=True, help="page to edit, relative to the project")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-search-index", action="store_true")
    ap.add_argument("--verify", action="store_true")
    a = ap.parse_args()
    if a.no_search_index:
        from ita_site.publish import search
        search.index = lambda *args, **kwargs: True
    from ita_site.preview.incremental import Rebuilder
    from ita_site.preview.serve import preview_dir

    project = a.project.resolve()
    rebuilder = Rebuilder(project, preview_dir(project), say=lambda *args: None)
    result: dict = {"noop_s": [], "rebuild_s": [], "rendered": [], "title_s": []}
    t0 = time.perf_counter()
    first = rebuilder.rebuild()
    result["startup_s"] = round(time.perf_counter() - t0, 3)
    result["pages"] = first.build.pages
    for _ in range(a.repeat):
        result["noop_s"].append(_timed(rebuilder)[0])
    page = project / a.edit
    for k in range(a.repeat):
        with open(page, "a", encoding="utf-8") as f:
            f.write(f"\nแก้ไขเพื่อทดสอบการสร้างใหม่ครั้งที่ {k + 1}\n")
        seconds, report = _timed(rebuilder)
        result["rebuild_s"].append(seconds)
        result["rendered"].append(report.rendered)
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\ntitle: ", "\ntitle: (แก้ไข) ", 1) if "\ntitle: " in text
                    else text.replace("title: ", "title: (แก้ไข) ", 1), encoding="utf-8")
    seconds, report = _timed(rebuilder)
    result["title_s"].append(seconds)
    result["title_rendered"] = report.rendered
    t = time.perf_counter()
    rebuilder.session.search.wait()
    result["search_wait_s"] = round(time.perf_counter() - t, 3)
    result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if a.verify:
        result["identical_to_full_build"] = _same_as_full_build(project, preview_dir(project))
    print(json.dumps(result, ensure_ascii=False))
    return 0


def _timed(rebuilder):
    t = time.perf_counter()
    report = rebuilder.rebuild()
    return round(time.perf_counter() - t, 4), report


def _same_as_full_build(project: Path, preview: Path) -> bool:
    from ita_site.pipeline import build_site

    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "full"
        build_site(project, full, say=lambda *args: None)
        return _same_tree(full, preview)


def _same_tree(a: Path, b: Path) -> bool:
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    if files_a != files_b:
        print(f"differ: only in full build {sorted(files_a - files_b)[:5]}, only in preview "
              f"{sorted(files_b - files_a)[:5]}", file=sys.stderr)
        return False
    _match, mismatch, errors = filecmp.cmpfiles(a, b, sorted(files_a), shallow=False)
    if mismatch or errors:
        print(f"differ: {(mismatch + errors)[:5]}", file=sys.stderr)
    return not mismatch and not errors


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
