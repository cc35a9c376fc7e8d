#!/usr/bin/env python3
"""A generated ITA-shaped ita-site project: fiscal years of OIT items, each with indicator files and
attachments, about --pages pages in all (deterministic, seed 42).

Every item folder content/<year>/o<k>/ holds item.yaml (title, summary, updated, a body with a
table, documents: one attached file and one link) and INDICATORS indicator files (3 measures,
2 steps, 3 results with a link each, the first with an attached .csv) plus the attachments. One item gives 1 + INDICATORS
pages; years hold up to ITEMS_PER_YEAR (26) items and count down from 2599, skipping the years that have
a built-in O1-O43 catalogue, so 2,000 pages are 8 fiscal years and 10,000 pages 39 (years are 25xx, so
the largest site is 96 years of 26 items, about 25,000 pages).

Usage: make_ita_site.py --pages 10000 --out DIR
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_corpus import OBJECTS, STATUSES, STEPS, VERBS, paragraph, phrase  # noqa: E402

INDICATORS = 9
ITEMS_PER_YEAR = 26      # a year later than every shipped catalogue gets the provisional O1-O26 list
CATALOGUED = {2564, 2566, 2567, 2568}   # years with a built-in OIT catalogue (codes O1-O43 only): skipped
SITE = """agency:
  name: หน่วยงานทดสอบขนาดใหญ่
  name_en: Scale Test Agency
main_site: https://example.go.th/
base_url: https://example.go.th/ita/
digits: thai
contact:
  phone: 02-000-0000
  email: ita@example.go.th
"""


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def item_yaml(rng: random.Random, year: int, k: int) -> str:
    rows = "\n".join(f"  | {r + 1} | {rng.choice(VERBS)}{rng.choice(OBJECTS)} | {rng.choice(STATUSES)} |"
                     for r in range(5))
    return (f"code: O{k}\ntitle: {q(phrase(rng))}\nsummary: {q(phrase(rng))}\n"
            f'updated: "{year - 543 - 1}-{rng.randint(10, 12)}-{rng.randint(10, 28)}"\n'
            f"body: |\n  {paragraph(rng)}\n\n  | ลำดับ | มาตรการ | สถานะ |\n  |---|---|---|\n{rows}\n"
            f"documents:\n  - title: {q('เอกสารประกอบ ' + phrase(rng))}\n    file: files/item-evidence.csv\n"
            f"  - title: {q('ประกาศ ' + phrase(rng))}\n    url: https://example.go.th/documents/o{k}-{year}.html\n")


def indicator_yaml(rng: random.Random, number: int) -> str:
    def items(count: int, make) -> str:
        return "".join(f"  - {q(make())}\n" for _ in range(count))
    results = "".join(
        f"  - text: {q(paragraph(rng))}\n"
        + (f"    attachments:\n      - file: files/indicator-{number}.csv\n"
           f"        title: {q('หลักฐาน ' + rng.choice(STEPS))}\n" if r == 0 else "")
        + f"    links:\n      - title: {q(rng.choice(OBJECTS))}\n"
        f"        url: https://example.go.th/evidence/{number}-{r + 1}.html\n" for r in range(3))
    return (f"number: {number}\ntitle: {q(rng.choice(OBJECTS) + rng.choice(STATUSES))}\nita_indicator: {number}\n"
            f"measures:\n{items(3, lambda: phrase(rng))}steps:\n{items(2, lambda: rng.choice(STEPS) + phrase(rng))}"
            f"results:\n{results}")


def build(pages: int, out: str, seed: int = 42) -> int:
    items = max(1, math.ceil(pages / (1 + INDICATORS)))
    content = os.path.join(out, "content")
    shutil.rmtree(content, ignore_errors=True)
    os.makedirs(content)
    with open(os.path.join(content, "site.yaml"), "w", encoding="utf-8") as f:
        f.write(SITE)
    years = [y for y in range(2599, 2499, -1) if y not in CATALOGUED]
    for index in range(items):
        year, k = years[index // ITEMS_PER_YEAR], index % ITEMS_PER_YEAR + 1
        rng = random.Random(f"{seed}-{year}-{k}")
        folder = os.path.join(content, str(year), f"o{k}")
        os.makedirs(os.path.join(folder, "files"))
        _write(os.path.join(folder, "item.yaml"), item_yaml(rng, year, k))
        _write(os.path.join(folder, "files", "item-evidence.csv"), "ลำดับ,รายการ\n1,หลักฐาน\n")
        for number in range(1, INDICATORS + 1):
            _write(os.path.join(folder, f"{number:02d}-indicator.yaml"), indicator_yaml(rng, number))
            _write(os.path.join(folder, "files", f"indicator-{number}.csv"), f"ลำดับ,ผล\n1,{rng.choice(STATUSES)}\n")
    return items


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    items = build(a.pages, a.out)
    print(f"wrote {items} items ({items * (1 + INDICATORS)} item and indicator pages) to {a.out}/content",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
