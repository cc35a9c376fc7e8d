#!/usr/bin/env python3
"""Turn run_peers.sh raw results into Markdown tables (stdout).

Usage: summarize.py RESULTS_DIR   (reads peers-raw.tsv and peers-incr.jsonl)
"""
from __future__ import annotations

import csv
import json
import os
import statistics
import sys


def fmt(x, nd=2):
    return "–" if x is None else f"{x:.{nd}f}"


def main() -> int:
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "results")
    rows = list(csv.DictReader(open(os.path.join(d, "peers-raw.tsv"), encoding="utf-8"), delimiter="\t"))
    groups: dict[tuple, list] = {}
    order: list[tuple] = []
    for r in rows:
        key = (r["tool"], int(r["n"]), r["mode"])
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(r)

    print("### Clean builds (median of runs; min–max in brackets)\n")
    print("| tool | N | runs | median wall s | min–max wall s | pages/s (median) | "
          "CPU s user+sys (median) | peak RSS MiB (median) | min–max RSS MiB | HTML files |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for key in sorted((k for k in order if k[2] == "clean"), key=lambda k: (k[1], order.index(k))):
        t, n, _ = key
        rs = groups[key]
        if any(r["run"] == "skipped" for r in rs):
            print(f"| {t} | {n:,} | 0 | skipped | | | | | | |")
            continue
        ok = [r for r in rs if r["rc"] == "0" and r["wall_s"] != "NA"]
        if not ok:
            print(f"| {t} | {n:,} | {len(rs)} | failed (rc={rs[0]['rc']}) | | | | | | |")
            continue
        walls = [float(r["wall_s"]) for r in ok]
        cpu = [float(r["user_s"]) + float(r["sys_s"]) for r in ok]
        rss = [int(r["maxrss_kb"]) / 1024 for r in ok]
        med = statistics.median(walls)
        html = sorted({r["html_out"] for r in ok})
        print(f"| {t} | {n:,} | {len(ok)} | {fmt(med)} | {fmt(min(walls))}–{fmt(max(walls))} | "
              f"{n / med:,.0f} | {fmt(statistics.median(cpu))} | {statistics.median(rss):.0f} | "
              f"{min(rss):.0f}–{max(rss):.0f} | {','.join(html)} |")

    print("\n### Incremental: edit one page, rebuild\n")
    print("| tool | N | mode | runs | median wall s | min–max wall s | tool-reported ms (median) | "
          "peak RSS MiB | notes |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---|")
    notes = {
        "rebuild": "the build command again after the edit, output dir kept (Hugo and ita-site build everything)",
        "dirty": "`mkdocs build --dirty` (re-renders only pages with newer sources)",
        "cache-prime": "clean build that also writes Pelican's content cache",
        "cache": "Pelican with CACHE_CONTENT+LOAD_CONTENT_CACHE (reparses only the edited file, writes all pages)",
        "noop": "the same command again, nothing changed (mkdocs --dirty, Pelican with its cache, others a full build)",
    }
    tool_order = {"ita-site-nosearch": -2, "ita-site": -1, "hugo": 0, "mkdocs": 1, "pelican": 2, "eleventy": 3}
    out = []  # (n, tool order, seq, line)
    for key in (k for k in order if k[2] != "clean"):
        t, n, mode = key
        ok = [r for r in groups[key] if r["rc"] == "0" and r["wall_s"] != "NA"]
        if not ok:
            continue
        walls = [float(r["wall_s"]) for r in ok]
        rss = [int(r["maxrss_kb"]) / 1024 for r in ok]
        out.append((n, tool_order.get(t, 9), len(out),
                    f"| {t} | {n:,} | {mode} | {len(ok)} | {fmt(statistics.median(walls))} | "
                    f"{fmt(min(walls))}–{fmt(max(walls))} | – | {statistics.median(rss):.0f} | {notes.get(mode, '')} |"))
    p = os.path.join(d, "peers-incr.jsonl")
    if os.path.exists(p):
        for line in open(p, encoding="utf-8"):
            line = line.strip()
            if not line:
                continue
            j = json.loads(line)
            k = (j["n"], tool_order.get(j["tool"], 9), len(out))
            if j["mode"] == "engine" and j.get("rebuild_s"):
                w, noop = j["rebuild_s"], j.get("noop_s") or [0]
                out.append(k + (f"| {j['tool']} | {j['n']:,} | engine | {len(w)} | {fmt(statistics.median(w), 3)} | "
                                f"{fmt(min(w), 3)}–{fmt(max(w), 3)} | – | {j.get('peak_rss_mib', '–')} | "
                                f"incremental.Rebuilder (what `ita-site serve` calls), in-process: pages rendered "
                                f"{j.get('rendered')}; no-op {fmt(statistics.median(noop), 3)} s; title edit "
                                f"{fmt(j['title_s'][0], 3)} s ({j.get('title_rendered')} pages); start incl. full "
                                f"build {j.get('startup_s')} s; equal to a full build: "
                                f"{j.get('identical_to_full_build', 'not checked')} |",))
                continue
            if j.get("error") or not j.get("rebuild_s"):
                out.append(k + (f"| {j['tool']} | {j['n']:,} | {j['mode']} | 0 | failed | | | | {j.get('error', '')} |",))
                continue
            w = j["rebuild_s"]
            rep = statistics.median(j["reported_ms"]) if j.get("reported_ms") else None
            note = {"server": "`hugo server` (defaults: Fast Render Mode, serves from disk); wall = edit → 'Total in' line, incl. watcher latency; "
                              f"server start incl. full build {j.get('startup_s')} s",
                    "watch": "`eleventy --watch --incremental`; wall = edit → 'Wrote' line, incl. watcher latency; "
                             f"start incl. full build {j.get('startup_s')} s",
                    "serve": "`ita-site serve` (livereload's polling watcher); wall = edit → 'rebuilt' line, incl. "
                             f"watcher latency; start incl. full build {j.get('startup_s')} s"}.get(j["mode"], "")
            out.append(k + (f"| {j['tool']} | {j['n']:,} | {j['mode']} | {len(w)} | {fmt(statistics.median(w))} | "
                            f"{fmt(min(w))}–{fmt(max(w))} | {fmt(rep, 0)} | {j.get('peak_rss_mib', '–')} | {note} |",))
    for *_, line in sorted(out):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
