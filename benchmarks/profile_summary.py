#!/usr/bin/env python3
"""Summarise a py-spy raw profile (collapsed stacks) of a build: where the samples fall, by stage.

Usage: profile_summary.py PROFILE.txt  (from `py-spy record --format raw --subprocesses ...`)
Stages are recognised by the first matching frame, from the leaf up; everything else is "other".
"""

from __future__ import annotations

import collections
import sys

STAGES = [  # (stage, substrings of a frame "function (file:line)"), first match from the leaf wins
    ("write files (mkdir, open, write: kernel time)", ("write_bytes", "write_chunks", "mkdir (pathlib", "copyfile", "_replace")),
    ("Markdown: Python-Markdown convert", ("markdown/core.py",)),
    ("Markdown: nh3 clean + fix-ups", ("markup.py",)),
    ("Jinja templates", ("jinja2/", "templates/")),
    ("link scan (htmlscan)", ("htmlscan.py",)),
    ("page views (context dicts)", ("views.py", "sections.py", "pages.py", "opendata.py")),
    ("YAML front matter (yamldoc / PyYAML)", ("yamldoc.py", "yaml/")),
    ("schema validation (jsonschema)", ("jsonschema/", "validate.py")),
    ("link hygiene (hygiene.py)", ("hygiene.py",)),
    ("link check + reachability (linkcheck.py)", ("linkcheck.py",)),
    ("read + decode content (source.py, load.py)", ("source.py", "load.py")),
    ("model (assemble, model)", ("assemble.py", "model.py")),
    ("worker plumbing (pickle, pipes)", ("workers.py", "pickle", "_merge", "apply (")),
    ("imports and start-up", ("<frozen importlib", "<module>")),
]


def stage_of(frames: list[str]) -> str:
    for frame in reversed(frames):
        for stage, marks in STAGES:
            if any(mark in frame for mark in marks):
                return stage
    return "other"


def main() -> int:
    by_stage: collections.Counter = collections.Counter()
    by_leaf: collections.Counter = collections.Counter()
    total = 0
    for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        n = int(count)
        total += n
        by_stage[stage_of(frames)] += n
        by_leaf[frames[-1]] += n
    print(f"{total} samples (all processes)\n")
    print("| stage | share of samples |\n|---|---:|")
    for stage, n in by_stage.most_common():
        print(f"| {stage} | {100 * n / total:.1f} % |")
    print("\n| function (leaf frame) | share |\n|---|---:|")
    for leaf, n in by_leaf.most_common(15):
        print(f"| `{leaf[:110]}` | {100 * n / total:.1f} % |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
