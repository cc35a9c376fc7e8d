"""`ita-site serve` keeps the model's attachments whose checks passed (preview/attachmemo.py): an unchanged
attachment is not checked again, a changed one is, and a problem is found again on every rebuild."""

from __future__ import annotations


import pytest

from ita_site.errors import BuildError
from ita_site.model import attacher
from ita_site.preview.incremental import Rebuilder
from sitekit import INDICATOR_YAML, minimal_files, write_site, same_as_full_build

TWO_ATTACHMENTS = INDICATOR_YAML + "      - file: files/report.txt\n        title: รายงาน\n"
NOTICE = "content/2564/o43/files/notice.txt"
REPORT = "content/2564/o43/files/report.txt"






@pytest.fixture
def project(tmp_path):
    return write_site(tmp_path / "site", minimal_files({
        "content/2564/o43/01-communication.yaml": TWO_ATTACHMENTS, REPORT: "รายงานผล\n"}))


@pytest.fixture
def checked(monkeypatch):
    """The files whose attachment checks ran (attacher.Attacher.check), in order."""
    seen: list[str] = []
    real = attacher.Attacher.check

    def counting(self, doc, entry, *args):
        seen.append(entry["file"])
        return real(self, doc, entry, *args)
    monkeypatch.setattr(attacher.Attacher, "check", counting)
    return seen


def test_unchanged_attachments_are_not_checked_again_and_a_changed_one_is(project, tmp_path, checked):
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    rebuilder.rebuild()
    assert sorted(checked) == ["files/notice.txt", "files/report.txt"]
    assert rebuilder.session.attachment_memo.made == 2

    checked.clear()
    rebuilder.rebuild()                                         # nothing changed: every one kept
    assert checked == [] and rebuilder.session.attachment_memo.made == 0
    same_as_full_build(project, preview, tmp_path, rebuilder)

    checked.clear()
    (project / REPORT).write_text("รายงานผลฉบับแก้ไข ยาวขึ้น\n", encoding="utf-8")   # one file's bytes
    rebuilder.rebuild()
    assert checked == ["files/report.txt"] and rebuilder.session.attachment_memo.made == 1
    assert (preview / "2564/o43/files/report.txt").read_text(encoding="utf-8") == "รายงานผลฉบับแก้ไข ยาวขึ้น\n"
    same_as_full_build(project, preview, tmp_path, rebuilder)

    checked.clear()
    rebuilder.rebuild()
    assert checked == []


def test_a_deleted_attachment_is_reported_on_every_rebuild_until_it_is_back(project, tmp_path, checked):
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    rebuilder.rebuild()
    kept = (project / NOTICE).read_bytes()
    (project / NOTICE).unlink()
    for _ in range(2):                                          # not hidden by what the memo kept
        checked.clear()
        with pytest.raises(BuildError) as failed:
            rebuilder.rebuild()
        assert checked == ["files/notice.txt"]                  # the other one is still kept
        missing = [p for p in failed.value.problems if "attachment not found" in p.en]
        assert [(p.path, p.en) for p in missing] == [("content/2564/o43/01-communication.yaml",
                                                      f"attachment not found: {NOTICE}")]
        assert missing[0].line > 1
    (project / NOTICE).write_bytes(kept)
    checked.clear()
    rebuilder.rebuild()
    assert checked == ["files/notice.txt"]
    same_as_full_build(project, preview, tmp_path, rebuilder)
