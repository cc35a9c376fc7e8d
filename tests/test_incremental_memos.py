"""What `ita-site serve` no longer does again on a rebuild that changed nothing it depends on: the date
check of an unchanged document, the shipped catalogue's parse and schema check, the site icons' drawing.
Each is counted, and the preview still equals a clean full build."""

from __future__ import annotations

from ita_site.preview.incremental import Rebuilder
from sitekit import minimal_files, same_as_full_build, write_site


def _project(tmp_path):
    return write_site(tmp_path / "site", minimal_files())


def test_the_date_check_runs_for_changed_documents_only(tmp_path, monkeypatch):
    from ita_site.checks import datecheck

    checked = []
    real = datecheck.check_dates
    monkeypatch.setattr(datecheck, "check_dates",
                        lambda docs, problems, today: checked.extend(d.rel for d in docs) or real(docs, problems, today))
    project = _project(tmp_path)
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    rebuilder.rebuild()
    assert "content/2564/o43/item.yaml" in checked
    checked.clear()
    rebuilder.rebuild()
    assert checked == []
    item = project / "content/2564/o43/item.yaml"                  # far before its year: warned every time
    item.write_text(item.read_text(encoding="utf-8").replace("2021-01-08", "2001-01-08"), encoding="utf-8")
    warned = [w for w in rebuilder.rebuild().build.warnings if "2001-01-08" in w.th]
    assert checked == ["content/2564/o43/item.yaml"] and len(warned) == 1
    assert [w for w in rebuilder.rebuild().build.warnings if "2001-01-08" in w.th] == warned
    same_as_full_build(project, preview, tmp_path, rebuilder)


def test_a_shipped_catalogue_is_read_and_checked_once(tmp_path, monkeypatch):
    from ita_site.content import catalogue

    monkeypatch.setattr(catalogue, "_SHIPPED", {})
    read = []
    real = catalogue._checked_shipped
    monkeypatch.setattr(catalogue, "_checked_shipped", lambda path, rel, problems: read.append(rel) or
                        real(path, rel, problems))
    project = _project(tmp_path)
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    rebuilder.rebuild()
    rebuilder.rebuild()
    assert read == ["ita_site/catalogues/nacc-2564.yaml"]
    first, second = (catalogue.load_shipped("nacc-2564", catalogue.Problems()) for _ in range(2))
    assert first == second and first is not second        # a Catalogue of its own for every build
    same_as_full_build(project, preview, tmp_path, rebuilder)


def test_the_site_icons_are_drawn_once_per_agency(tmp_path, monkeypatch):
    import fontTools.ttLib

    from ita_site.publish import cards

    cards.icon_svg.cache_clear()
    cards.icon_png.cache_clear()
    opened = []
    real = fontTools.ttLib.TTFont
    monkeypatch.setattr(fontTools.ttLib, "TTFont", lambda *a, **k: opened.append(a) or real(*a, **k))
    project = _project(tmp_path)
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    rebuilder.rebuild()
    rebuilder.rebuild()
    assert len(opened) == 1
    same_as_full_build(project, preview, tmp_path, rebuilder)
