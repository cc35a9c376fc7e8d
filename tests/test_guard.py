"""The write stage's two gates: the output guard (which folder a build may replace) and the path gate
(which paths it may write). The command-line cases live in tests/bad/guard-*; these cover serve's
preview folder, a marked folder being replaced, and properties of the path gate."""

from __future__ import annotations

import os
from pathlib import Path
import posixpath
import string

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ita_site import guard, urls
from ita_site.preview import serve
from sitekit import build, minimal_files, write_site


class Said:
    def __init__(self):
        self.lines = []

    def info(self, text):
        self.lines.append(text)

    problem = info


def snapshot(root):
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else b"")
            for p in sorted(root.rglob("*"))}


def test_a_marked_output_is_replaced_and_keeps_its_mark(capsys, tmp_path):
    project = write_site(tmp_path / "site", minimal_files())
    output = tmp_path / "out"
    assert build(capsys, project, output)[0] == 0
    assert (output / guard.MARKER).read_bytes() == guard.MARKER_TEXT
    (output / "stale.html").write_text("old\n")
    assert build(capsys, project, output)[0] == 0
    assert not (output / "stale.html").exists() and (output / guard.MARKER).is_file()


def test_an_empty_output_folder_is_used(capsys, tmp_path):
    project = write_site(tmp_path / "site", minimal_files())
    (tmp_path / "empty").mkdir()
    assert build(capsys, project, tmp_path / "empty")[0] == 0


def test_serve_refuses_a_preview_folder_it_did_not_make(tmp_path):
    project = write_site(tmp_path / "site", minimal_files())
    preview = serve.preview_dir(project)
    preview.mkdir(parents=True)
    (preview / "thesis.docx").write_bytes(b"PK\x03\x04 my only copy")
    before = snapshot(tmp_path)
    said = Said()
    assert serve.rebuild(project, None, said) is False
    assert snapshot(tmp_path) == before
    assert "ไม่สร้างเว็บไซต์ลงโฟลเดอร์นี้" in said.lines[-1] and "nothing was deleted" in said.lines[-1]


def test_serve_refuses_a_preview_folder_that_links_to_the_project(tmp_path):
    project = write_site(tmp_path / "site", minimal_files())
    (project / ".ita-site").mkdir()
    (project / ".ita-site/preview").symlink_to(project / "content", target_is_directory=True)
    before = snapshot(project / "content")
    said = Said()
    assert serve.rebuild(project, None, said) is False
    assert snapshot(project / "content") == before
    assert "content/" in said.lines[-1]


def test_serve_marks_its_preview_and_uses_it_again(tmp_path):
    project = write_site(tmp_path / "site", minimal_files())
    said = Said()
    assert serve.rebuild(project, None, said) is True
    preview = serve.preview_dir(project)
    assert (preview / guard.MARKER).is_file()
    serve._REBUILDERS.clear()                      # a new `ita-site serve` finds the old preview
    assert serve.rebuild(project, None, Said()) is True


@pytest.mark.parametrize("rel", [
    "../x/index.html", "a/../../x", "/etc/passwd", "C:/x", "c:x", "a\\b", "a//b", "./a", "a/./b", "",
    "a/\x00b", "a/b\x1b", "x\u202e.html", "a\u200b/b", "con", "aux/index.html", "NUL.txt", "com1.pdf",
    "LPT9", "report.", "report ", "a./b", "x:y", 'a"b', "a|b", "a?b", "a*b", "a<b", "a>b", "x\u2028y",
])
def test_the_path_gate_refuses(rel):
    with pytest.raises(guard.UnsafePath):
        guard.checked(rel)


@pytest.mark.parametrize("rel", ["index.html", "2564/o43/index.html", "2564/o43/files/a.pdf",
                                 "assets/fonts/x.woff2", "itas-2564.xlsx", "console/index.html", "auxiliary"])
def test_the_path_gate_lets_site_paths_through(rel):
    assert guard.checked(rel) == rel


@settings(max_examples=400, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_what_the_gate_accepts_stays_inside_the_tree(rel):
    try:
        guard.checked(rel)
    except guard.UnsafePath:
        return
    root = "/srv/staging"
    target = posixpath.normpath(posixpath.join(root, rel))
    assert target.startswith(root + "/")
    for name in rel.split("/"):
        assert name not in ("", ".", "..") and name[-1] not in ". " and "\\" not in name
        assert guard.segment_problem(name) is None


_SEGMENT = st.text(string.ascii_letters + string.digits + "._- ", min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SEGMENT, min_size=1, max_size=4))
def test_joined_segments_pass_exactly_when_each_segment_does(names):
    rel = "/".join(names)
    ok = all(guard.segment_problem(n) is None for n in names)
    try:
        guard.checked(rel)
        passed = True
    except guard.UnsafePath:
        passed = False
    assert passed == ok


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=30).filter(lambda s: "/" not in s and s not in (".", "..")))
def test_ascii_renaming_gives_ascii_or_a_reported_name(name):
    """An attachment name renamed by urls.py is ASCII; if the gate would refuse it, the build reports it
    at its source (assemble checks segment_problem on the published name), never writes it."""
    published = urls.ascii_segment(name)
    assert published.isascii() and "/" not in published and os.sep not in published
    if guard.segment_problem(published) is None:
        assert guard.checked(f"2564/o43/{published}")


# --- the file-name rules of the publish allow-list (publishable.py) -------------------------------
from ita_site import publishable  # noqa: E402

_PART = st.sampled_from(sorted(publishable.ACTIVE | set(publishable.ATTACHMENT_TYPES) | {"bak", "old", "2564"}))
_STEM = st.text(string.ascii_letters + string.digits + "ก-ฮ _-", min_size=1, max_size=8).filter(str.strip)


@settings(max_examples=400, deadline=None)
@given(_STEM, st.lists(_PART, min_size=1, max_size=3), st.sampled_from(["", " ", ".", ". "]))
@example("PHP", ["csv"], "")          # a CSV named PHP: published (CI found this one)
@example("NUL", ["webp"], "")         # a Windows device name: refused by the path gate
@example("notice", ["php", "pdf"], "")
def test_a_name_with_any_active_part_is_never_published(stem, parts, tail):
    """The build's gate for an attachment (the path gate's names, then the allow-list) on any name."""
    from ita_site.model.attacher import _unpublishable

    written = f"files/{stem}.{'.'.join(parts)}{tail}"
    published = urls.attachment(2564, "O43", written)
    bad = _unpublishable(written, published, None)
    name = published.rpartition("/")[2]
    if set(parts) & publishable.ACTIVE:
        assert bad is not None, (written, published)
    if bad is None:
        ext = name.rpartition(".")[2].lower()
        # the extensions are what follows the first dot ("php.csv" is a CSV named php; "x.php.csv" is not)
        assert ext in publishable.ATTACHMENT_TYPES and not {p.lower() for p in name.split(".")[1:]} & publishable.ACTIVE
        assert guard.segment_problem(name) is None, (written, published)      # e.g. NUL.webp is refused


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(publishable.ATTACHMENT_TYPES)), st.binary(max_size=16))
def test_content_must_start_like_its_type(ext, head):
    import tempfile
    with tempfile.NamedTemporaryFile(suffix="." + ext) as handle:
        handle.write(head)
        handle.flush()
        bad = publishable.refusal(f"a.{ext}", f"2564/o43/a.{ext}", Path(handle.name), publishable.ATTACHMENT_TYPES)
    starts = publishable.ATTACHMENT_TYPES[ext]
    if starts is publishable.TEXT:
        assert (bad is None) == (not head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"))
    else:
        ok = head.startswith(starts) and (ext != "webp" or head[8:12] == b"WEBP")
        assert (bad is None) == ok
