#!/usr/bin/env python3
"""CPU seconds of serve's engine (incremental.Rebuilder, in this process) for YAML edits of an ITA site.

One first build, then REPEAT times each: a no-op rebuild, a measure edit, an indicator title edit,
an item `updated` date edit, an item title edit (its year's ITAS sheet, pack and URL lists change); per
rebuild the wall and CPU seconds (time.process_time: this process only, so it does not grow with the
machine's load the way wall time does) and the pages rendered.
With --verify the preview is compared with a clean full build at the end. Pagefind is off.
Prints one JSON line.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--verify", action="store_true")
    a = ap.parse_args()
    from ita_site.publish import search
    search.index = lambda *args, **kwargs: True
    search.Background.request = lambda self: None
    from ita_site.preview.incremental import Rebuilder

    project = a.project.resolve()
    preview = project / ".ita-site" / "engine-preview"
    rebuilder = Rebuilder(project, preview, say=lambda *args: None)
    indicators = sorted((project / "content").glob("*/*/01-*.yaml"))
    ind = indicators[len(indicators) // 2]
    item = ind.parent / "item.yaml"
    out: dict = {"project": str(project), "edited": str(ind.relative_to(project))}
    out["first"] = _timed(rebuilder)
    edits = {
        "noop": None,
        "measure": (ind, r'(measures:\n  - ")', r"\g<1>แก้{k}"),
        "indicator_title": (ind, r'(\ntitle: ")', r"\g<1>แก้{k}"),
        "item_updated": (item, r'updated: "(\d{4})-(\d\d)-(\d\d)"', r'updated: "\1-\2-0{k}"'),
        "item_title": (item, r'(\ntitle: ")', r"\g<1>แก้{k}"),
    }
    for name, edit in edits.items():
        out[name] = []
        for k in range(1, a.repeat + 1):
            if edit is not None:
                path, pattern, replacement = edit
                text = path.read_text(encoding="utf-8")
                new = re.sub(pattern, replacement.replace("{k}", str(k)), text, count=1)
                assert new != text or name == "item_updated", name
                path.write_text(new, encoding="utf-8")
            out[name].append(_timed(rebuilder))
    if a.verify:
        rebuilder.session.settle(timeout=1800)     # the pack PDFs are made in the background
        out["identical_to_full_build"] = _same(project, preview)
    print(json.dumps(out, ensure_ascii=False))
    return 0


def _timed(rebuilder) -> dict:
    wall, cpu = time.perf_counter(), time.process_time()
    report = rebuilder.rebuild()
    return {"wall_s": round(time.perf_counter() - wall, 3), "cpu_s": round(time.process_time() - cpu, 3),
            "rendered": report.rendered, "pages": report.build.pages}


def _same(project: Path, preview: Path) -> bool:
    import shutil
    import tempfile

    from ita_site.pipeline import build_site

    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "full"
        build_site(project, full, say=lambda *args: None)
        tree = lambda root: {p.relative_to(root).as_posix(): p.read_bytes()  # noqa: E731
                             for p in root.rglob("*") if p.is_file() and "pagefind" not in p.parts}
        same = tree(full) == tree(preview)
        shutil.rmtree(full, ignore_errors=True)
    return same


if __name__ == "__main__":
    sys.exit(main())
