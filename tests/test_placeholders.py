"""Placeholders gate publication: an item whose evidence is only the "[กรอก] …" texts `ita-site new`
wrote is "ยังไม่กรอก (unfilled)" in the report and on its page, ไม่มี in the ITAS sheet, a failure of
`report --strict`, and a failure of CI's locked build (`build --no-ledger-update`), output untouched."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "ita_site", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("placeholders") / "site"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "urls.ledger", project / "urls.ledger")
    for args in (("new", "item", "2564", "o1"), ("new", "indicator", "2564", "o1")):
        made = _run(*args, "--project", str(project), cwd=project)
        assert made.returncode == 0, made.stderr
    return project


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_report_says_unfilled_and_strict_fails(site):
    run = _run("report", "--year", "2564", "--project", str(site), cwd=site)
    line = next(line for line in run.stdout.splitlines() if line.strip().startswith("O1 "))
    assert "ยังไม่กรอก (unfilled)" in line
    assert "ยังไม่กรอก 1 (unfilled)" in run.stdout
    strict = _run("report", "--year", "2564", "--strict", "--project", str(site), cwd=site)
    assert strict.returncode == 1


def test_the_page_says_unfilled_and_itas_says_has_not(site):
    built = _run("build", "--project", str(site), cwd=site)
    assert built.returncode == 0, built.stderr
    assert "placeholder text not replaced yet" in built.stderr        # a warning on a webmaster's build
    page = (site / "output" / "2564" / "o1" / "index.html").read_text(encoding="utf-8")
    assert "<strong>ยังไม่กรอก</strong>" in page
    shipped = (site / "output" / "2564" / "o43" / "index.html").read_text(encoding="utf-8")
    assert "ยังไม่กรอก" not in shipped
    sheet = (site / "output" / "report" / "2564").glob("*.csv")
    rows = {}
    for path in [*sheet, *(site / "output").glob("**/itas-2564.csv")]:
        rows = {r[0]: r for r in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))}
    has = rows["รหัสรายการ (code)"].index("มี/ไม่มี (has)")
    assert rows["O1"][has] == "ไม่มี" and rows["O43"][has] == "มี"


def test_the_locked_ci_build_refuses_placeholders_and_leaves_output_alone(site):
    output = site / "locked-output"
    output.mkdir()
    (output / "index.html").write_text("old\n", encoding="utf-8")
    from ita_site import guard
    (output / guard.MARKER).write_bytes(guard.MARKER_TEXT)   # an earlier build's output
    before = _tree(output)
    run = _run("build", "--no-ledger-update", "--output", str(output), "--project", str(site), cwd=site)
    assert run.returncode == 1
    assert "content/2564/o1/01-indicator.yaml" in run.stderr
    assert "ยังไม่ได้แก้ข้อความตัวอย่าง" in run.stderr and "placeholder text not replaced yet" in run.stderr
    assert _tree(output) == before


def test_scaffolded_text_follows_the_sites_digits_and_dates_fall_in_the_year(site):
    indicator = (site / "content" / "2564" / "o1" / "01-indicator.yaml").read_text(encoding="utf-8")
    assert "[กรอก] ผลการดำเนินการตามมาตรการ ปี ๒๕๖๔" in indicator          # content/site.yaml: digits: thai
    assert '#     date: "2564-03-31"' in indicator
    item = (site / "content" / "2564" / "o1" / "item.yaml").read_text(encoding="utf-8")
    assert "เช่น 2564-01-31 (พ.ศ.) หรือ 2021-01-31 (ค.ศ.)" in item and '#     date: "2564-01-31"' in item


def test_new_item_says_that_updated_is_today_for_now(tmp_path):
    project = tmp_path / "site"
    shutil.copytree(ROOT / "content", project / "content")
    made = _run("new", "item", "2564", "o2", "--project", str(project), cwd=project)
    assert made.returncode == 0, made.stderr
    assert "set the day the data was last updated" in made.stdout
