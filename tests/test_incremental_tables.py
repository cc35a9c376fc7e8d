"""`ita-site serve` after edits of a table item's period files (rows/<period>.csv|yaml).

A period file is a content file of its own, not the item's item.yaml: the table's spreadsheets are
evidence of the item (model/evidence.table_files), listed by the year's ITAS sheet and the assessor's
pack. After each edit the preview equals a clean full build byte for byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ita_site.preview.incremental import Rebuilder
from sitekit import REPO, same_as_full_build

TABLES_SITE = REPO / "tests" / "sites" / "tables"


def test_removing_and_adding_period_files_updates_the_itas_sheet_and_pack(tmp_path):
    project = tmp_path / "site"
    shutil.copytree(TABLES_SITE, project)
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    rebuilder.rebuild()
    rows = project / "content/2569/o11/rows"
    kept = tmp_path / "rows"
    shutil.move(rows, kept)                          # no period left: the item has no spreadsheets
    rebuilder.rebuild()
    assert "o11-2569.csv" not in (preview / "itas-2569.csv").read_text(encoding="utf-8-sig")
    same_as_full_build(project, preview, tmp_path, rebuilder)
    shutil.move(kept, rows)                          # back: the sheet names them again
    rebuilder.rebuild()
    assert "o11-2569.csv" in (preview / "itas-2569.csv").read_text(encoding="utf-8-sig")
    same_as_full_build(project, preview, tmp_path, rebuilder)
