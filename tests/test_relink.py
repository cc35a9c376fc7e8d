"""A rebuild with the build cache links the last build's files instead of writing them again
(publish/relink.py): only files that are still exactly what the last build left, and the result is
always the bytes of a clean build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ita_site.publish import relink
from sitekit import build, clean_tree_hash, minimal_files, tree_hash, write_site

PAGE = "2564/o43/index.html"
ATTACHMENT = "2564/o43/files/notice.txt"


@pytest.fixture
def project(tmp_path):
    return write_site(tmp_path / "site", minimal_files())


def _build(capsys, project: Path, *extra: str) -> None:
    code, _out, err = build(capsys, project, None, *extra)
    assert code == 0, err


def _clean(capsys, project: Path, tmp_path: Path) -> dict[str, str]:
    return clean_tree_hash(capsys, project, tmp_path / "fresh")


def _inode(path: Path) -> int:
    return path.stat().st_ino


def test_an_unchanged_rebuild_links_the_files_it_would_write_again(capsys, project, tmp_path):
    _build(capsys, project)
    out = project / "output"
    inodes = {rel: _inode(out / rel) for rel in (PAGE, ATTACHMENT, "index.html", "itas-2564.xlsx")}
    _build(capsys, project)
    assert {rel: _inode(out / rel) for rel in inodes} == inodes       # the same files, not copies
    assert tree_hash(out) == _clean(capsys, project, tmp_path)
    assert not list(project.glob("output.staging-*"))                 # the old tree's names are gone


def test_a_changed_page_is_written_and_the_others_are_linked(capsys, project, tmp_path):
    _build(capsys, project)
    out = project / "output"
    about, item = _inode(out / "about/index.html"), _inode(out / PAGE)
    source = project / "content/pages/about.md"
    source.write_text(source.read_text(encoding="utf-8").replace("ทดสอบ", "ทดสอบแก้ไข"), encoding="utf-8")
    _build(capsys, project)
    assert _inode(out / "about/index.html") != about and "ทดสอบแก้ไข" in (out / "about/index.html").read_text(
        encoding="utf-8")
    assert _inode(out / PAGE) == item
    assert tree_hash(out) == _clean(capsys, project, tmp_path)


@pytest.mark.parametrize("how", ["edited", "same size", "touched", "replaced", "symlink"])
def test_a_file_changed_in_output_since_the_last_build_is_written_again(capsys, project, tmp_path, how):
    _build(capsys, project)
    out = project / "output"
    target, outside = out / PAGE, tmp_path / "outside.html"
    text = target.read_bytes()
    if how == "edited":
        target.write_bytes(text + b"<!-- edited by hand -->")
    elif how == "same size":
        target.write_bytes(text.replace(b"<", b"[", 1))
        st = target.stat()
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns - 5_000_000_000))   # even with an old time
    elif how == "touched":
        os.utime(target, ns=(0, 0))
    elif how == "replaced":
        target.unlink()
        target.write_bytes(text)
    else:
        outside.write_bytes(text)
        target.unlink()
        target.symlink_to(outside)
    before = _inode(target) if how != "symlink" else None
    _build(capsys, project)
    assert not target.is_symlink() and target.read_bytes() == text
    assert how == "symlink" or _inode(target) != before                # written, not linked
    assert tree_hash(out) == _clean(capsys, project, tmp_path)
    if how == "symlink":
        assert outside.read_bytes() == text


def test_another_source_date_epoch_writes_the_files_with_their_new_time(capsys, project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    _build(capsys, project)
    out = project / "output"
    first = _inode(out / PAGE)
    _build(capsys, project)
    assert _inode(out / PAGE) == first and (out / PAGE).stat().st_mtime == 1700000000
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710000000")
    _build(capsys, project)
    assert _inode(out / PAGE) != first and (out / PAGE).stat().st_mtime == 1710000000


def test_a_refused_build_leaves_the_linked_files_of_output_as_they_were(capsys, project):
    _build(capsys, project)
    out = project / "output"
    facts = {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
             for p in sorted(out.rglob("*")) if p.is_file()}
    item = project / "content/2564/o43/item.yaml"
    item.write_text(item.read_text(encoding="utf-8") + "body: \"[หน้าที่ไม่มี](../o99/)\"\n", encoding="utf-8")
    code, _out, err = build(capsys, project)
    assert code == 1 and "o99" in err, err
    assert {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(out.rglob("*")) if p.is_file()} == facts
    assert not list(project.glob("output.staging-*"))


def test_the_table_of_one_output_folder_is_not_used_for_another(capsys, project, tmp_path):
    _build(capsys, project)
    other = tmp_path / "other"
    code, _out, err = build(capsys, project, other)
    assert code == 0, err
    assert _inode(other / PAGE) != _inode(project / "output" / PAGE)
    assert tree_hash(other) == tree_hash(project / "output")


def test_previous_links_only_an_entry_whose_digest_and_file_facts_match(tmp_path):
    output, staging = tmp_path / "output", tmp_path / "staging"
    (output / "a").mkdir(parents=True)
    (output / "a/x.html").write_bytes(b"<p>x</p>")
    digest = relink.digest_of(b"<p>x</p>")
    table = relink.table(output, {"a/x.html": digest, "a/missing.html": digest})
    assert list(table) == ["a/x.html"]
    previous = relink.Previous(output, table, None)
    assert not previous.link("a/x.html", relink.digest_of(b"other"), staging / "a/x.html")
    assert not previous.link("a/y.html", digest, staging / "a/y.html")
    assert previous.link("a/x.html", digest, staging / "a/x.html")
    assert (staging / "a/x.html").read_bytes() == b"<p>x</p>" and previous.linked == 1
    for broken in ({"a/x.html": "not a list"}, {"a/x.html": [digest, 1]}, "not a table"):
        assert not relink.Previous(output, broken, None).link("a/x.html", digest, staging / "b.html")


def test_every_unchanged_rebuild_links_not_only_every_other_one(capsys, project, tmp_path):
    """Removing the old tree's names of a linked file moves its change time; the table of what the build
    left is made after that, so the third build links the files the second one linked."""
    _build(capsys, project)
    out = project / "output"
    _build(capsys, project)
    inodes = {rel: _inode(out / rel) for rel in (PAGE, ATTACHMENT, "index.html", "data/measures.json")}
    _build(capsys, project)
    assert {rel: _inode(out / rel) for rel in inodes} == inodes
    assert tree_hash(out) == _clean(capsys, project, tmp_path)


def test_open_data_is_linked_while_its_records_are_the_same_and_written_when_they_change(capsys, project,
                                                                                     tmp_path):
    _build(capsys, project)
    out = project / "output"
    items, measures = _inode(out / "data/items.json"), _inode(out / "data/measures.csv")
    _build(capsys, project)
    assert (_inode(out / "data/items.json"), _inode(out / "data/measures.csv")) == (items, measures)
    edited = out / "data/measures.csv"                    # changed by hand since: made again, not linked
    assert b"https://" in edited.read_bytes()
    edited.write_bytes(edited.read_bytes().replace(b"https://", b"HTTPS://", 1))
    _build(capsys, project)
    assert b"HTTPS://" not in edited.read_bytes()
    item = project / "content/2564/o43/item.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("summary: ", "summary: แก้ไข", 1), encoding="utf-8")
    _build(capsys, project)
    assert _inode(out / "data/items.json") != items
    assert "แก้ไข" in (out / "data/items.json").read_text(encoding="utf-8")
    assert tree_hash(out) == _clean(capsys, project, tmp_path)
