"""`ita-site serve` makes the assessor's pack PDFs in the background (preview/packs.py): a rebuild does not
wait for WeasyPrint, the preview serves the previous PDF meanwhile, and once settled it holds the bytes of a
full build."""

from __future__ import annotations

import threading

from ita_site.pipeline import build_site
from ita_site.preview import packs
from ita_site.preview.incremental import Rebuilder
from sitekit import minimal_files, write_site


def _held(monkeypatch):
    """Pack PDFs are made only once `release` is set; `asked` lists the years asked for."""
    release, asked, real = threading.Event(), [], packs.Packs._make

    def make(self, rel, html):
        asked.append(rel)
        assert release.wait(300)
        return real(self, rel, html)
    monkeypatch.setattr(packs.Packs, "_make", make)
    return release, asked


def _full_build_pack(project, tmp_path, name: str) -> bytes:
    build_site(project, tmp_path / name, say=lambda *a: None)
    return (tmp_path / name / "2564/pack.pdf").read_bytes()


def test_a_rebuild_does_not_wait_for_the_pack_pdf_and_the_preview_then_equals_a_full_build(tmp_path, monkeypatch):
    project = write_site(tmp_path / "site", minimal_files())
    release, asked = _held(monkeypatch)
    preview, said = tmp_path / "preview", []
    rebuilder = Rebuilder(project, preview, say=said.append)
    first = rebuilder.rebuild()                       # returns while the PDF is still being made
    assert first.build.pages > 0 and not (preview / "2564/pack.pdf").exists()
    assert 'href="pack.pdf"' in (preview / "2564/index.html").read_text(encoding="utf-8")   # a good link already
    release.set()
    rebuilder.session.settle(timeout=300)
    assert asked == ["2564/pack.pdf"]
    assert (preview / "2564/pack.pdf").read_bytes() == _full_build_pack(project, tmp_path, "full-1")
    assert "อัปเดตไฟล์ PDF ชุดเอกสารแล้ว (assessor's pack PDF updated): 2564/pack.pdf" in said

    rebuilder.rebuild()                               # nothing changed: not made again
    rebuilder.session.settle(timeout=300)
    assert asked == ["2564/pack.pdf"]

    release.clear()
    before = (preview / "2564/pack.pdf").read_bytes()
    item = project / "content/2564/o43/item.yaml"
    item.write_text(item.read_text(encoding="utf-8") + "note: หมายเหตุใหม่สำหรับแบบ OIT\n", encoding="utf-8")
    rebuilder.rebuild()
    assert (preview / "2564/pack.pdf").read_bytes() == before        # the previous PDF, meanwhile
    release.set()
    rebuilder.session.settle(timeout=300)
    assert asked == ["2564/pack.pdf"] * 2
    after = (preview / "2564/pack.pdf").read_bytes()
    assert after != before and after == _full_build_pack(project, tmp_path, "full-2")


def test_a_pack_that_cannot_be_made_is_reported_and_the_rebuild_still_succeeds(tmp_path, monkeypatch):
    project = write_site(tmp_path / "site", minimal_files())
    monkeypatch.setattr(packs.sys, "executable", str(tmp_path / "no-such-python"))
    said = []
    rebuilder = Rebuilder(project, tmp_path / "preview", say=said.append)
    assert rebuilder.rebuild().build.pages > 0
    rebuilder.session.settle(timeout=300)
    assert any(text.startswith("สร้างไฟล์ PDF ชุดเอกสาร 2564/pack.pdf ไม่สำเร็จ (could not make the pack PDF "
                               "2564/pack.pdf)") for text in said), said
    assert not (tmp_path / "preview/2564/pack.pdf").exists()


def test_only_the_edited_years_pack_is_rendered_again_and_a_template_edit_renders_all(tmp_path, monkeypatch):
    files = minimal_files()
    files["content/site.yaml"] = files["content/site.yaml"].replace(
        '"2564": {catalogue: nacc-2564}', '"2564": {catalogue: nacc-2564}\n  "2566": {catalogue: nacc-2566}')
    for rel, text in list(files.items()):
        if rel.startswith("content/2564/"):
            files["content/2566/" + rel[len("content/2564/"):]] = text
    project = write_site(tmp_path / "site", files)
    rendered, real = [], packs.pack_pdf.html_of
    monkeypatch.setattr(packs.pack_pdf, "html_of", lambda env, ctx:
                        rendered.append(2564 if "๒๕๖๔" in ctx["title"] else 2566) or real(env, ctx))
    rebuilder = Rebuilder(project, tmp_path / "preview", say=lambda *a: None)
    rebuilder.rebuild()
    assert sorted(rendered) == [2564, 2566]
    rebuilder.rebuild()
    assert sorted(rendered) == [2564, 2566]                       # nothing changed: neither rendered
    item = project / "content/2566/o43/item.yaml"
    item.write_text(item.read_text(encoding="utf-8") + "note: หมายเหตุใหม่\n", encoding="utf-8")
    rebuilder.rebuild()
    assert sorted(rendered) == [2564, 2566, 2566]
    (project / "templates").mkdir(exist_ok=True)
    template = (packs.PACKAGE_ROOT / "ita_site/templates/pack_pdf.html").read_text(encoding="utf-8")
    (project / "templates/pack_pdf.html").write_text(template.replace("<body>", "<body>\n<p>ฉบับทดสอบ</p>", 1),
                                                     encoding="utf-8")
    rebuilder.rebuild()
    assert sorted(rendered) == [2564, 2564, 2566, 2566, 2566]
    rebuilder.session.settle(timeout=300)
    full = tmp_path / "full"
    build_site(project, full, say=lambda *a: None)
    for year in ("2564", "2566"):
        assert (tmp_path / f"preview/{year}/pack.pdf").read_bytes() == (full / f"{year}/pack.pdf").read_bytes()


def test_an_unexpected_error_while_making_a_pack_is_reported_and_settle_returns(tmp_path, monkeypatch):
    project = write_site(tmp_path / "site", minimal_files())

    def broken(self, rel, html):
        raise OSError("disk full")
    monkeypatch.setattr(packs.Packs, "_make", broken)
    said = []
    rebuilder = Rebuilder(project, tmp_path / "preview", say=said.append)
    rebuilder.rebuild()
    rebuilder.session.settle(timeout=60)
    assert "สร้างไฟล์ PDF ชุดเอกสาร 2564/pack.pdf ไม่สำเร็จ (could not make the pack PDF 2564/pack.pdf): disk full" in said
    monkeypatch.undo()
    item = project / "content/2564/o43/item.yaml"
    item.write_text(item.read_text(encoding="utf-8") + "note: ใหม่\n", encoding="utf-8")
    rebuilder.rebuild()                               # a new run starts after the failed one
    rebuilder.session.settle(timeout=300)
    assert (tmp_path / "preview/2564/pack.pdf").read_bytes().startswith(b"%PDF")
