"""The golden snapshot: the default site, every test site and the bad-input corpus build to the recorded bytes.

tests/golden/golden.py records, with SOURCE_DATE_EPOCH fixed, the exit code, the stderr and the sha256 of
every output file. This test rebuilds and compares, so a restructuring (modules moved, imports rewritten)
is proven to change nothing a user sees.

Outputs change on purpose too. After a deliberate change, refresh the snapshot and review the diff in the
same commit:  `PYTHONPATH=$PWD python tests/golden/golden.py` (or `UPDATE_GOLDEN=1 python -m pytest
tests/test_golden.py`), then `git diff tests/golden`. On a merge where both sides changed outputs, rebuild
the snapshot on the merged tree rather than resolving the manifests by hand.
"""

from __future__ import annotations

import difflib
import os
import runpy
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
golden = runpy.run_path(str(GOLDEN / "golden.py"))


def test_outputs_are_byte_identical_to_the_golden_snapshot():
    now = golden["snapshot"]()
    if os.environ.get("UPDATE_GOLDEN"):
        golden["write"](now)
    recorded = {p.name: p.read_text(encoding="utf-8") for p in sorted(GOLDEN.iterdir())
                if p.suffix in (".sha256", ".txt")}
    assert sorted(now) == sorted(recorded), "a site appeared or vanished: refresh the snapshot (see docstring)"
    for name, text in now.items():
        if text != recorded[name]:
            diff = "".join(difflib.unified_diff(recorded[name].splitlines(True), text.splitlines(True),
                                                f"golden/{name}", "now", n=0))
            raise AssertionError(f"{name} differs from the golden snapshot (see docstring to refresh):\n{diff}")
