"""serve skips the walk of content/ when the watcher saw only saves of files the last walk found
(preview/walk.py); anything else walks again. Walks are counted, and the preview equals a full build."""

from __future__ import annotations

import pytest

from ita_site.content import load
from ita_site.preview.incremental import Rebuilder
from sitekit import minimal_files, same_as_full_build, write_site


@pytest.fixture
def walks(monkeypatch):
    count = []
    real = load._walk
    monkeypatch.setattr(load, "_walk", lambda *a: count.append(1) or real(*a))
    return count


def _site(tmp_path):
    project = write_site(tmp_path / "site", minimal_files())
    rebuilder = Rebuilder(project, tmp_path / "preview", say=lambda *a: None)
    return project, rebuilder


def test_a_save_of_a_known_file_is_read_without_a_walk(tmp_path, walks):
    project, rebuilder = _site(tmp_path)
    rebuilder.rebuild()
    assert len(walks) == 1
    indicator = project / "content/2564/o43/01-communication.yaml"
    indicator.write_text(indicator.read_text(encoding="utf-8").replace("มีการเผยแพร่ข้อมูล", "บันทึกแล้ว"),
                         encoding="utf-8")
    report = rebuilder.rebuild([("modified", str(indicator)), ("closed", str(indicator)),
                                ("modified", str(indicator.parent)),          # watchdog adds its folder
                                ("modified", str(project / "templates/base.html"))])   # not content/: no matter
    assert len(walks) == 1 and report.parsed == 1
    assert "บันทึกแล้ว" in (tmp_path / "preview/2564/o43/indicator-1/index.html").read_text(encoding="utf-8")
    same_as_full_build(project, tmp_path / "preview", tmp_path, rebuilder)


@pytest.mark.parametrize("kind", ["created", "deleted", "moved", "unknown file", "folder", "no list"])
def test_anything_but_a_save_of_a_known_file_walks_again(tmp_path, walks, kind):
    project, rebuilder = _site(tmp_path)
    rebuilder.rebuild()
    page = project / "content/pages/contact.md"
    page.write_text("---\ntitle: ติดต่อเรา\n---\nโทร ๐๗๔\n", encoding="utf-8")
    changes = {"created": [("created", str(page)), ("modified", str(page))],
               "deleted": [("deleted", str(project / "content/pages/about.md"))],
               "moved": [("moved", str(page))],
               "unknown file": [("modified", str(page))],          # a new file seen only as modified
               "folder": [("modified", str(project / "content/pages"))],
               "no list": None}[kind]
    rebuilder.rebuild(changes)
    assert len(walks) == 2
    assert "ติดต่อเรา" in (tmp_path / "preview/contact/index.html").read_text(encoding="utf-8")
    same_as_full_build(project, tmp_path / "preview", tmp_path, rebuilder)


def test_the_walks_problems_stay_reported_without_a_walk(tmp_path, walks):
    project = write_site(tmp_path / "site", minimal_files({"content/pages/About.md": "---\ntitle: x\n---\nx\n"}))
    rebuilder = Rebuilder(project, tmp_path / "preview", say=lambda *a: None)
    from ita_site.errors import BuildError

    with pytest.raises(BuildError) as first:
        rebuilder.rebuild()
    item = project / "content/2564/o43/item.yaml"
    item.write_text(item.read_text(encoding="utf-8") + "note: บันทึก\n", encoding="utf-8")
    with pytest.raises(BuildError) as second:
        rebuilder.rebuild([("modified", str(item))])
    assert len(walks) == 1
    assert [p.en for p in second.value.problems] == [p.en for p in first.value.problems]
    assert any("letter case" in p.en for p in second.value.problems)
