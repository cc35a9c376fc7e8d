#!/usr/bin/env python3
"""Run a command and sample the memory of its whole process tree (every 20 ms).

/usr/bin/time -v reports the largest single process; a build that forks workers has several. This
prints, as one JSON line, the peak of the summed RSS of the tree and the peak of its summed PSS
(proportional set size: pages shared copy-on-write by forked workers are split between them, so
the PSS sum is the memory the tree really uses), with the wall time and exit code.

Usage: memwatch.py -- CMD ARGS...
"""

from __future__ import annotations

import json
import subprocess
import sys
import time


def children(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return found


def sample(pid: int) -> tuple[int, int]:
    rss = pss = 0
    for p in children(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            pass
    return rss, pss


def main() -> int:
    cmd = sys.argv[1:]
    if cmd[:1] == ["--"]:
        cmd = cmd[1:]
    start = time.monotonic()
    proc = subprocess.Popen(cmd)
    peak_rss = peak_pss = 0
    while proc.poll() is None:
        rss, pss = sample(proc.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.02)
    result = {"wall_s": round(time.monotonic() - start, 3), "rc": proc.returncode,
              "tree_rss_peak_mib": round(peak_rss / 1024, 1), "tree_pss_peak_mib": round(peak_pss / 1024, 1)}
    print(json.dumps(result), file=sys.stderr)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
