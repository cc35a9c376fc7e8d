#!/usr/bin/env python3
"""ita-site against each peer, as ratios, from one run of run_peers.sh (stdout: Markdown).

Usage: compare.py RESULTS_DIR   (reads peers-raw.tsv and peers-incr.jsonl)

A ratio is ita-site's figure divided by the peer's: below 1 means ita-site is faster or smaller.
Figures are medians of the runs. "pages" is ita-site with the Pagefind step off (the same layout
work as the peers); "shipped" is `ita-site build` as it is, search index included.
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import sys

PEERS = ("hugo", "eleventy", "mkdocs", "pelican")
ITA = (("ita-site-nosearch", "pages"), ("ita-site", "shipped"))
# the peer's own incremental mode for a one-page edit (the fastest it offers), then a plain rebuild
EDIT_MODES = {"hugo": ("server", "rebuild"), "eleventy": ("watch",), "mkdocs": ("dirty",), "pelican": ("cache",)}


def load(d: str):
    rows = list(csv.DictReader(open(os.path.join(d, "peers-raw.tsv"), encoding="utf-8"), delimiter="\t"))
    runs: dict[tuple, list] = {}
    for r in rows:
        if r["rc"] == "0" and r["wall_s"] not in ("NA", ""):
            runs.setdefault((r["tool"], int(r["n"]), r["mode"]), []).append(r)
    incr: dict[tuple, dict] = {}
    path = os.path.join(d, "peers-incr.jsonl")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            if line.strip():
                j = json.loads(line)
                incr[(j["tool"], j["n"], j["mode"])] = j
    return runs, incr


def wall(runs, tool, n, mode):
    rs = runs.get((tool, n, mode))
    return statistics.median(float(r["wall_s"]) for r in rs) if rs else None


def rss(runs, tool, n, mode="clean"):
    rs = runs.get((tool, n, mode))
    return statistics.median(int(r["maxrss_kb"]) / 1024 for r in rs) if rs else None


def edit_time(runs, incr, tool, n):
    """(seconds, how) of a one-page edit rebuild."""
    if tool.startswith("ita-site"):
        j = incr.get((tool, n, "engine"))
        return (statistics.median(j["rebuild_s"]), "engine") if j and j.get("rebuild_s") else (None, "")
    for mode in EDIT_MODES[tool]:
        j = incr.get((tool, n, mode))
        if j and j.get("rebuild_s"):
            return statistics.median(j["rebuild_s"]), mode
        w = wall(runs, tool, n, mode)
        if w is not None:
            return w, mode
    return None, ""


def noop_time(runs, incr, tool, n):
    if tool.startswith("ita-site"):
        j = incr.get((tool, n, "engine"))
        return (statistics.median(j["noop_s"]), "engine") if j and j.get("noop_s") else (None, "")
    return wall(runs, tool, n, "noop"), "noop"


def cell(x, unit="s"):
    if x is None:
        return "–"
    return f"{x:.3f} {unit}" if unit == "s" and x < 1 else f"{x:,.2f} {unit}" if unit == "s" else f"{x:,.0f} {unit}"


def ratio(a, b):
    return "–" if a is None or b in (None, 0) else f"**{a / b:.2f}**"


def table(title, getter, sizes, unit="s"):
    runs_out = [f"\n### {title}\n", "| N | ita-site pages | ita-site shipped | "
                + " | ".join(f"{p} | pages ÷ {p} | shipped ÷ {p}" for p in PEERS) + " |",
                "|---:|---:|---:|" + "---:|---:|---:|" * len(PEERS)]
    for n in sizes:
        ita = [getter("ita-site-nosearch", n), getter("ita-site", n)]
        row = [f"{n:,}", cell(ita[0][0], unit), cell(ita[1][0], unit)]
        for p in PEERS:
            value, how = getter(p, n)
            row += [cell(value, unit) + (f" ({how})" if how and how not in ("clean", "noop") else ""),
                    ratio(ita[0][0], value), ratio(ita[1][0], value)]
        runs_out.append("| " + " | ".join(row) + " |")
    return "\n".join(runs_out)


def main() -> int:
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "results")
    runs, incr = load(d)
    sizes = sorted({n for (_t, n, _m) in runs if n > 1})
    print("## ita-site against the peers (one interleaved run; ratio = ita-site ÷ peer, below 1 is better)")
    print(table("Clean build, wall time", lambda t, n: (wall(runs, t, n, "clean"), "clean"), sizes))
    print(table("Cold start: a one-page site, clean build", lambda t, n: (wall(runs, t, n, "clean"), "clean"), [1]))
    print(table("Peak RSS of the clean build (largest process, /usr/bin/time -v)",
                lambda t, n: (rss(runs, t, n), "clean"), sizes, "MiB"))
    print(table("One-page edit, rebuild (ita-site: the engine of `serve`; peers: their fastest mode)",
                lambda t, n: edit_time(runs, incr, t, n), sizes))
    print(table("No-op rebuild (ita-site: the engine of `serve`; peers: their command again)",
                lambda t, n: noop_time(runs, incr, t, n), sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
