#!/usr/bin/env python3
"""The build cache (ita_site/publish/buildcache.py) at --pages ITA-shaped pages: seconds and ratios.

On a site made by make_ita_site.py, each a separate `ita-site build` process, output/ removed before
each one as in CI (a fresh checkout keeps only the cache folder):

  clean_nocache  `build --no-cache`, the build as it was before the cache (it writes urls.ledger)
  clean          `build` with no cache yet (it fills .ita-cache/)
  unchanged      `build` again, nothing changed
  one_item       `build` after one measure of one indicator file changed (edit_measure.py)

Then checks that the last output is byte-identical to a clean `--no-cache` build of the same content.
Prints the machine's load (uptime) before and after; the machine may be shared. One JSON line at the end.
Usage: build_cache.py [--pages 2000] [--work /tmp/bench-cache]
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import make_ita_site  # noqa: E402


def build(project: Path, output: Path, *extra: str) -> float:
    shutil.rmtree(output, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ita_site", "build", "--project", str(project), "--output", str(output),
                    "--quiet", *extra], check=True, stderr=subprocess.DEVNULL)
    return round(time.perf_counter() - started, 2)


def same_tree(a: Path, b: Path) -> bool:
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    other = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return files == other and all(filecmp.cmp(a / f, b / f, shallow=False) for f in files)


def load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/bench-cache"))
    a = ap.parse_args()
    project, output = a.work / f"ita-{a.pages}", a.work / f"out-{a.pages}"
    make_ita_site.build(a.pages, str(project))
    shutil.rmtree(project / ".ita-cache", ignore_errors=True)
    (project / "urls.ledger").unlink(missing_ok=True)
    result = {"pages": a.pages, "nproc": os.cpu_count(), "load_before": load()}
    print("load before:", result["load_before"], flush=True)
    for name, extra in (("clean_nocache", ("--no-cache",)), ("clean", ()), ("unchanged", ())):
        result[name + "_s"] = build(project, output, *extra)
        print(f"{name}: {result[name + '_s']} s", flush=True)
    edited = sorted((project / "content").glob("*/o1/01-indicator.yaml"))[0]
    subprocess.run([sys.executable, str(BENCH / "edit_measure.py"), str(edited)], check=True)
    result["one_item_s"] = build(project, output)
    print(f"one_item: {result['one_item_s']} s ({edited.relative_to(project)})", flush=True)
    result["load_after"] = load()
    print("load after:", result["load_after"], flush=True)
    for name in ("unchanged", "one_item"):
        result[name + "_ratio"] = round(result[name + "_s"] / result["clean_s"], 3)
        result[name + "_ratio_nocache"] = round(result[name + "_s"] / result["clean_nocache_s"], 3)
    fresh = a.work / f"fresh-{a.pages}"
    build(project, fresh, "--no-cache")
    result["identical_to_clean_build"] = same_tree(output, fresh)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
