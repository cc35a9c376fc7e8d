#!/usr/bin/env python3
"""serve's engine (incremental.Rebuilder, what `ita-site serve` rebuilds with) on a generated ITA-shaped
site: the first preview, the moment the background work (search index, pack PDFs) has caught up, and
edits of one item's title, which change its year's assessor's pack. Prints one line per step.

Usage: serve_item_edit.py --pages 2000 [--edits 3] [--work /tmp/serve-item-edit]
(run from the repository; the site is made by make_ita_site.py in --work)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ita_site.preview.incremental import Rebuilder  # noqa: E402


def retitle(item: Path, n: int) -> None:
    lines = item.read_text(encoding="utf-8").splitlines(True)
    for i, line in enumerate(lines):
        if line.startswith("title:"):
            lines[i] = line.rstrip("\n").rstrip('"') + f' แก้{n}"\n'
            break
    item.write_text("".join(lines), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--edits", type=int, default=3)
    ap.add_argument("--work", default="/tmp/serve-item-edit")
    args = ap.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    subprocess.run([sys.executable, str(HERE / "make_ita_site.py"), "--pages", str(args.pages), "--out",
                    str(work / "site")], check=True, stdout=subprocess.DEVNULL)
    rebuilder = Rebuilder(work / "site", work / "preview", say=lambda *a: None)
    print(f"load average at start: {os.getloadavg()[0]:.2f}", flush=True)
    start = time.perf_counter()
    first = rebuilder.rebuild()
    print(f"first preview: {time.perf_counter() - start:.1f} s ({first.build.pages} pages)", flush=True)
    rebuilder.session.settle(timeout=3600)
    print(f"background work caught up: {time.perf_counter() - start:.1f} s", flush=True)
    item = sorted((work / "site/content").glob("*/o1/item.yaml"))[-1]
    for n in range(args.edits):
        retitle(item, n)
        start = time.perf_counter()
        result = rebuilder.rebuild()
        rebuilt = time.perf_counter() - start
        rebuilder.session.settle(timeout=3600)
        print(f"item title edit {n}: rebuilt in {rebuilt:.2f} s ({result.rendered} pages rendered), "
              f"background caught up after {time.perf_counter() - start:.1f} s; "
              f"load {os.getloadavg()[0]:.2f}", flush=True)


if __name__ == "__main__":
    main()
