"""Tiny inline sites for tests: a dict of path -> text written into a folder, built in-process."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from ita_site.cli import main

REPO = Path(__file__).resolve().parent.parent

SITE_YAML = """\
agency:
  name: สำนักงานทดสอบ
  name_en: Test Office
main_site: https://www.test.go.th/
base_url: https://www.test.go.th/ita/
digits: thai
years:
  "2564": {catalogue: nacc-2564}
"""

ITEM_YAML = """\
code: O43
summary: รายงานผลการดำเนินการตามมาตรการ
updated: 2021-01-08
"""

INDICATOR_YAML = """\
number: 1
title: ประสิทธิภาพการสื่อสาร
ita_indicator: 7
measures:
  - มีการเผยแพร่ข้อมูล
steps:
  - กำหนดช่องทางการเผยแพร่
results:
  - text: เผยแพร่ผ่านเว็บไซต์
    attachments:
      - file: files/notice.txt
        title: ประกาศ
        date: 2021-01-08
"""


# A school with its own catalogue (content/catalogues/school-2567.yaml) instead of the NACC's.
SCHOOL_SITE_YAML = ("agency: {name: โรงเรียนทดสอบ}\nmain_site: https://school.example.ac.th/\n"
                    "base_url: https://school.example.ac.th/ita/\ndigits: arabic\n"
                    "years:\n  \"2567\": {catalogue: school-2567}\n")

OWN_CATALOGUE = """\
id: school-2567
profile: school
year: 2567
title: รายการข้อมูลของโรงเรียน ปีงบประมาณ พ.ศ. 2567
groups:
  - code: "S1"
    title: ข้อมูลโรงเรียน
    items:
      - {code: SC1, title: ข้อมูลผู้อำนวยการโรงเรียน, period: any, confidence: verified}
      - {code: SC2, title: แผนปฏิบัติการประจำปีของโรงเรียน, period: current-fy, confidence: verified}
  - code: "S2"
    title: การจัดซื้อจัดจ้าง
    items:
      - {code: SC3, title: สรุปผลการจัดซื้อจัดจ้างของโรงเรียน, period: monthly, confidence: partial}
"""


def minimal_files(overrides: dict[str, str | None] | None = None) -> dict[str, str]:
    """A small valid site; `overrides` replaces files (None removes one)."""
    files = {
        "content/site.yaml": SITE_YAML,
        "content/2564/o43/item.yaml": ITEM_YAML,
        "content/2564/o43/01-communication.yaml": INDICATOR_YAML,
        "content/2564/o43/files/notice.txt": "ประกาศ\n",
        "content/pages/about.md": "---\ntitle: เกี่ยวกับ\nnav_order: 1\n---\nเนื้อหา **ทดสอบ**\n",
    }
    for path, value in (overrides or {}).items():
        if value is None:
            files.pop(path, None)
        else:
            files[path] = value
    return files


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def build(capsys, project: Path, output: Path | None = None, *extra: str) -> tuple[int, str, str]:
    output = output or project / "output"
    return run(capsys, "build", "--project", str(project), "--output", str(output), *extra)


def clean_tree_hash(capsys, project: Path, fresh: Path) -> dict[str, str]:
    """What a clean build without any cache writes from the same content, into `fresh` (emptied first)."""
    shutil.rmtree(fresh, ignore_errors=True)
    code, _out, err = build(capsys, project, fresh, "--no-cache")
    assert code == 0, err
    return tree_hash(fresh)


def tree_hash(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def page(output: Path, url: str) -> str:
    path = output / url / "index.html" if not url.endswith(".html") else output / url
    return path.read_text(encoding="utf-8")


def output_tree(root: Path) -> dict[str, bytes]:
    """Every file's bytes under root, dot-files included. Dot-folders are pruned before they are entered:
    serve's background search index writes and renames .search-index-next there while this walks."""
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return dict(sorted(found.items()))


def same_as_full_build(project: Path, preview: Path, tmp_path: Path, rebuilder) -> None:
    """serve's preview, once its background work (search index, pack PDFs) has settled, equals a full build
    of the same project, file by file."""
    from ita_site.pipeline import build_site

    rebuilder.session.settle(timeout=300)
    full = tmp_path / "full"
    shutil.rmtree(full, ignore_errors=True)
    build_site(project, full, say=lambda *a: None)
    expected, got = output_tree(full), output_tree(preview)
    assert sorted(got) == sorted(expected)
    assert [rel for rel in expected if expected[rel] != got[rel]] == []


def require(ok: bool, reason: str) -> None:
    """Skip when a tool is missing on a developer machine; fail in CI."""
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)")
    pytest.skip(reason)
