"""What a YAML edit in `ita-site serve` makes again among the site-wide outputs, counted, never timed: a
measure (shown on the indicator, item, year and coverage pages, and in open data) leaves the assessor's pack
page, the pack PDF's HTML, the ITAS sheets and the URL lists of other items as they were; an item title
changes them for its own year only. After each edit the preview equals a clean full build."""

from __future__ import annotations

import pytest

from ita_site.preview.incremental import Rebuilder
from sitekit import minimal_files, same_as_full_build, write_site

OTHER_YEAR = {
    "content/2566/o1/item.yaml": "code: O1\nsummary: โครงสร้าง\nupdated: 2022-11-01\n",
    "content/2566/o1/01-chart.yaml": ("number: 1\ntitle: แผนผัง\nmeasures:\n  - จัดทำแผนผัง\nsteps:\n"
                                      "  - เผยแพร่\nresults:\n  - text: เผยแพร่แล้ว\n    attachments:\n"
                                      "      - file: files/chart.txt\n        title: แผนผังองค์กร\n"),
    "content/2566/o1/files/chart.txt": "แผนผัง\n",
}


@pytest.fixture
def counted(monkeypatch):
    """Calls of the functions that make the site-wide data: name -> list of what they were asked for."""
    from ita_site.publish import itas, manifests, pack_pdf

    calls: dict[str, list] = {"sheet": [], "xlsx": [], "url_part": [], "pack_html": []}

    def spy(module, name, key, what):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, **k: calls[key].append(what(*a)) or real(*a, **k))

    spy(itas, "sheet", "sheet", lambda site, year, *rest: year.number)
    spy(itas, "xlsx_of", "xlsx", lambda sheet: sheet.number)
    spy(manifests, "url_part", "url_part", lambda site, item: (item.year, item.code))
    spy(pack_pdf, "html_of", "pack_html", lambda env, ctx: ctx["title"])
    return calls


def _first_preview(tmp_path, counted):
    """The two-year site's first preview, settled; the counts start from zero after it."""
    project = write_site(tmp_path / "site", minimal_files(OTHER_YEAR))
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    rebuilder.rebuild()
    rebuilder.session.settle(timeout=300)
    assert sorted(counted["sheet"]) == [2564, 2566] and len(counted["pack_html"]) == 2
    for calls in counted.values():
        calls.clear()
    return project, preview, rebuilder


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_measure_edit_leaves_the_pack_sheets_and_url_lists_alone(tmp_path, counted):
    project, preview, rebuilder = _first_preview(tmp_path, counted)
    pack_page = (preview / "2564/pack/index.html").read_bytes()

    _edit(project / "content/2564/o43/01-communication.yaml", "มีการเผยแพร่ข้อมูล", "มีการเผยแพร่ข้อมูลทุกเดือน")
    report = rebuilder.rebuild()
    assert "2564/o43/indicator-1/" in report.rendered_urls and "2564/pack/" not in report.rendered_urls
    assert "มีการเผยแพร่ข้อมูลทุกเดือน" in (preview / "2564/o43/indicator-1/index.html").read_text(encoding="utf-8")
    assert counted["sheet"] == [2564]            # its year's inputs changed; 2566's sheet is kept
    assert counted["xlsx"] == []                 # but no row of it did: the XLSX is not made again
    assert counted["url_part"] == [(2564, "O43")]
    assert counted["pack_html"] == []            # the pack shows no measure
    assert (preview / "2564/pack/index.html").read_bytes() == pack_page
    same_as_full_build(project, preview, tmp_path, rebuilder)


def test_an_item_title_edit_makes_its_year_again_and_only_its_year(tmp_path, counted):
    project, preview, rebuilder = _first_preview(tmp_path, counted)

    _edit(project / "content/2566/o1/item.yaml", "code: O1\n", "code: O1\ntitle: โครงสร้างของหน่วยงาน\n")
    report = rebuilder.rebuild()
    assert "2566/pack/" in report.rendered_urls and "2564/pack/" not in report.rendered_urls
    assert "โครงสร้างของหน่วยงาน" in (preview / "2566/pack/index.html").read_text(encoding="utf-8")
    assert counted["sheet"] == [2566] and counted["xlsx"] == [2566]
    assert counted["url_part"] == [(2566, "O1")]
    assert len(counted["pack_html"]) == 1 and "๒๕๖๖" in counted["pack_html"][0]
    same_as_full_build(project, preview, tmp_path, rebuilder)
