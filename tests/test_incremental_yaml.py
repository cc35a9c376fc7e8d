"""`ita-site serve` after YAML edits of an ITA item: measures, titles, dates, attachments.

Each edit rebuilds only the pages whose inputs changed (item and indicator pages are keyed without
making their views, site-wide files by their inputs, open data per item), and after each one the
preview equals a clean full build byte for byte.
"""

from __future__ import annotations


import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from ita_site.preview.incremental import Rebuilder
from sitekit import minimal_files, write_site, output_tree, same_as_full_build

SITES = Path(__file__).resolve().parent / "sites"


def _pdf_bytes(title: str, lines: list[str]) -> bytes:
    sys.path.insert(0, str(SITES))
    spec = importlib.util.spec_from_file_location("sites_make_pdf_yaml", SITES / "make_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.pdf_bytes(title, lines)


O1 = """\
code: O1
title: โครงสร้างหน่วยงาน
summary: แผนผังโครงสร้าง
updated: 2021-02-01
documents:
  - title: แผนผัง
    file: files/chart.pdf
"""


def _indicator(number: int, title: str, measure: str) -> str:
    return f"""\
number: {number}
title: {title}
measures:
  - {measure}
  - มาตรการที่สอง
steps:
  - ขั้นตอนแรก
results:
  - text: ผลการดำเนินการ
    date: 2021-03-0{number}
    attachments:
      - file: files/evidence-{number}.txt
        title: หลักฐาน {number}
"""


@pytest.fixture
def project(tmp_path):
    files = minimal_files({
        "content/2564/o1/item.yaml": O1,
        "content/2564/o1/01-first.yaml": _indicator(1, "ตัวชี้วัดแรก", "มาตรการเดิม"),
        "content/2564/o1/02-second.yaml": _indicator(2, "ตัวชี้วัดที่สอง", "มาตรการอื่น"),
        "content/2564/o1/03-third.yaml": _indicator(3, "ตัวชี้วัดที่สาม", "มาตรการสาม"),
        "content/2564/o1/files/evidence-1.txt": "หลักฐานหนึ่ง\n",
        "content/2564/o1/files/evidence-2.txt": "หลักฐานสอง\n",
        "content/2564/o1/files/evidence-3.txt": "หลักฐานสาม\n",
    })
    root = write_site(tmp_path / "site", files)
    (root / "content/2564/o1/files/chart.pdf").write_bytes(_pdf_bytes("Chart", ["Organisation chart"]))
    return root






def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _rebuild(rebuilder: Rebuilder, preview: Path, *changed: str):
    """Rebuild; the set of output files whose bytes changed (of those listed in `changed` and others)."""
    rebuilder.session.settle(timeout=300)     # the search index is written beside the pages in the background
    before = output_tree(preview)
    result = rebuilder.rebuild()
    rebuilder.session.settle(timeout=300)     # and again before reading the tree after the edit
    after = output_tree(preview)
    differ = {rel for rel in set(before) | set(after) if before.get(rel) != after.get(rel)}
    for rel in changed:
        assert rel in differ, rel
    return result, differ


def test_yaml_edits_rebuild_what_they_change_and_equal_a_full_build(project, tmp_path):
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    rebuilder.rebuild()
    same_as_full_build(project, preview, tmp_path, rebuilder)
    assert rebuilder.rebuild().rendered == 0
    folder = project / "content/2564/o1"

    # a measure: its indicator page, the item page (which lists every indicator), the year's index
    # and coverage report (keyed by all of the year's items: their evidence dates count); open data
    _edit(folder / "02-second.yaml", "มาตรการอื่น", "มาตรการที่ปรับปรุงแล้ว")
    result, differ = _rebuild(rebuilder, preview, "2564/o1/indicator-2/index.html", "data/measures.json",
                              "data/measures.csv")
    assert set(result.rendered_urls) == {"2564/o1/", "2564/o1/indicator-2/", "2564/", "report/2564/"}
    assert "มาตรการที่ปรับปรุงแล้ว" in (preview / "data/measures.json").read_text(encoding="utf-8")
    assert not differ & {"data/items.json", "itas-2564.csv", "itas-2564.xlsx", "sitemap.xml", "urls.csv"}
    same_as_full_build(project, preview, tmp_path, rebuilder)

    # an indicator's title: also its neighbours' pagers, the URL lists and the open data
    _edit(folder / "03-third.yaml", "title: ตัวชี้วัดที่สาม", "title: ตัวชี้วัดที่สามฉบับใหม่")
    result, _differ = _rebuild(rebuilder, preview, "urls.csv", "urls.json", "data/measures.csv")
    assert {"2564/o1/", "2564/o1/indicator-2/", "2564/o1/indicator-3/"} <= set(result.rendered_urls)
    assert "2564/o43/" not in result.rendered_urls
    same_as_full_build(project, preview, tmp_path, rebuilder)

    # an item's title: the year page, the home page, feeds, ITAS sheets
    _edit(folder / "item.yaml", "title: โครงสร้างหน่วยงาน", "title: โครงสร้างและอำนาจหน้าที่")
    result, _differ = _rebuild(rebuilder, preview, "itas-2564.csv", "itas-2564.xlsx", "data/items.json")
    assert {"", "2564/", "2564/o1/"} <= set(result.rendered_urls)
    same_as_full_build(project, preview, tmp_path, rebuilder)

    # dates: an item's `updated` (sitemap lastmod, feeds) and a result's date
    _edit(folder / "item.yaml", "updated: 2021-02-01", "updated: 2021-04-15")
    _rebuild(rebuilder, preview, "sitemap.xml", "feeds/atom.xml" if (preview / "feeds/atom.xml").exists()
             else "sitemap.xml")
    same_as_full_build(project, preview, tmp_path, rebuilder)
    _edit(folder / "01-first.yaml", "date: 2021-03-01", "date: 2021-05-20")
    result, _differ = _rebuild(rebuilder, preview, "data/measures.json")   # the pages do not show it
    assert set(result.rendered_urls) == {"2564/o1/", "2564/o1/indicator-1/", "2564/", "report/2564/"}
    same_as_full_build(project, preview, tmp_path, rebuilder)

    # attachments: a file's bytes change (its size), a PDF gets another page, one is added to the YAML
    (folder / "files/evidence-1.txt").write_text("หลักฐานหนึ่ง ฉบับแก้ไขที่ยาวกว่าเดิม\n", encoding="utf-8")
    _rebuild(rebuilder, preview, "2564/o1/files/evidence-1.txt", "2564/o1/indicator-1/index.html")
    same_as_full_build(project, preview, tmp_path, rebuilder)
    pdf = folder / "files/chart.pdf"
    old = pdf.read_bytes()
    new = _pdf_bytes("Chart", ["Organisation chart", "revised"])
    new = new if len(new) != len(old) else new + b"\n"
    pdf.write_bytes(new)
    _rebuild(rebuilder, preview, "2564/o1/files/chart.pdf")
    same_as_full_build(project, preview, tmp_path, rebuilder)
    (folder / "files/evidence-extra.txt").write_text("เพิ่มเติม\n", encoding="utf-8")
    _edit(folder / "02-second.yaml", "        title: หลักฐาน 2\n",
          "        title: หลักฐาน 2\n      - file: files/evidence-extra.txt\n        title: เพิ่มเติม\n")
    _rebuild(rebuilder, preview, "2564/o1/files/evidence-extra.txt", "2564/o1/indicator-2/index.html",
             "data/measures.json")
    same_as_full_build(project, preview, tmp_path, rebuilder)

    # an indicator file removed, then the site's digits: every page
    (folder / "03-third.yaml").unlink()
    result, _differ = _rebuild(rebuilder, preview)
    assert not (preview / "2564/o1/indicator-3").exists() and result.deleted == 1
    same_as_full_build(project, preview, tmp_path, rebuilder)
    _edit(project / "content/site.yaml", "digits: thai", "digits: arabic")
    result = rebuilder.rebuild()
    assert result.rendered == result.build.pages
    same_as_full_build(project, preview, tmp_path, rebuilder)


def test_a_year_feed_and_itas_sheet_of_an_untouched_year_are_kept(project, tmp_path):
    """Two years: an edit in one leaves the other year's ITAS files untouched on disk."""
    other = project / "content/2565/o1"
    shutil.copytree(project / "content/2564/o1", other)
    _edit(project / "content/site.yaml", '"2564": {catalogue: nacc-2564}',
          '"2564": {catalogue: nacc-2564}\n  "2565": {catalogue: nacc-2564}')
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    rebuilder.rebuild()
    kept = (preview / "itas-2565.xlsx").stat().st_ino, (preview / "itas-2565.csv").stat().st_ino
    _edit(project / "content/2564/o1/item.yaml", "title: โครงสร้างหน่วยงาน", "title: โครงสร้างใหม่")
    _rebuild(rebuilder, preview, "itas-2564.csv")
    assert ((preview / "itas-2565.xlsx").stat().st_ino, (preview / "itas-2565.csv").stat().st_ino) == kept
    same_as_full_build(project, preview, tmp_path, rebuilder)


def test_the_itas_sheet_is_made_again_only_when_its_rows_change(project, tmp_path, monkeypatch):
    """The ITAS CSV and XLSX are keyed by what they are made of (itas.sheet: the rows), not by every field
    of the year's items: a measure is not in the sheet, an item's title is."""
    from ita_site.publish import itas

    made = []
    real = itas.xlsx_of
    monkeypatch.setattr(itas, "xlsx_of", lambda sheet: made.append(sheet.number) or real(sheet))
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    rebuilder.rebuild()
    assert made == [2564]
    folder = project / "content/2564/o1"
    _edit(folder / "02-second.yaml", "มาตรการอื่น", "มาตรการที่ปรับปรุงแล้ว")
    assert set(rebuilder.rebuild().rendered_urls) >= {"2564/o1/indicator-2/"}
    assert made == [2564]
    _edit(folder / "item.yaml", "title: โครงสร้างหน่วยงาน", "title: โครงสร้างใหม่")
    rebuilder.rebuild()
    assert made == [2564, 2564]
    same_as_full_build(project, preview, tmp_path, rebuilder)


def test_open_data_parts_of_untouched_items_survive_a_rebuild_without_changes(project, tmp_path, monkeypatch):
    """Open data is made of per-item parts, kept by the item's digest; a rebuild that changed nothing (and so
    asked for no part) keeps them too, so the next edit makes only its own item's parts."""
    from ita_site.publish import opendata

    made = []
    real = opendata.item_parts
    monkeypatch.setattr(opendata, "item_parts", lambda site, item: made.append(item.code) or real(site, item))
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    rebuilder.rebuild()
    assert sorted(made) == ["O1", "O43"]
    assert rebuilder.rebuild().rendered == 0
    _edit(project / "content/2564/o1/02-second.yaml", "มาตรการอื่น", "มาตรการที่ปรับปรุงแล้ว")
    rebuilder.rebuild()
    assert sorted(made) == ["O1", "O1", "O43"]
    same_as_full_build(project, preview, tmp_path, rebuilder)


def test_the_pack_page_is_keyed_by_its_rows_repr_and_follows_their_changes(project, tmp_path, monkeypatch):
    """The pack page's context is not walked value by value (its rows are plain data, hashed by their repr),
    and an edit the pack shows (an item's title) still renders it again."""
    from ita_site.preview import pagecache

    walked = []
    real = pagecache.digest

    def spy(*parts):
        walked.extend(part for part in parts if isinstance(part, dict) and isinstance(part.get("pack"), dict)
                      and "rows" in part["pack"])
        return real(*parts)

    monkeypatch.setattr(pagecache, "digest", spy)
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    rebuilder.rebuild()
    assert rebuilder.rebuild().rendered == 0
    _edit(project / "content/2564/o1/item.yaml", "title: โครงสร้างหน่วยงาน", "title: โครงสร้างใหม่")
    assert "2564/pack/" in rebuilder.rebuild().rendered_urls
    assert "โครงสร้างใหม่" in (preview / "2564/pack/index.html").read_text(encoding="utf-8")
    assert walked == []
    same_as_full_build(project, preview, tmp_path, rebuilder)


def test_the_url_lists_are_made_again_only_when_what_they_list_changes(project, tmp_path, monkeypatch):
    """urls.csv and urls.json are keyed by their data (manifests.url_lists): a measure is not in them, an
    indicator's title is."""
    from ita_site.publish import manifests

    made = []
    real = manifests.urls_json_of
    monkeypatch.setattr(manifests, "urls_json_of", lambda lists: made.append(1) or real(lists))
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    rebuilder.rebuild()
    folder = project / "content/2564/o1"
    _edit(folder / "02-second.yaml", "มาตรการอื่น", "มาตรการที่ปรับปรุงแล้ว")
    rebuilder.rebuild()
    assert made == [1]
    _edit(folder / "03-third.yaml", "title: ตัวชี้วัดที่สาม", "title: ตัวชี้วัดที่สามฉบับใหม่")
    rebuilder.rebuild()
    assert made == [1, 1]
    assert "ตัวชี้วัดที่สามฉบับใหม่" in (preview / "urls.json").read_text(encoding="utf-8")
    same_as_full_build(project, preview, tmp_path, rebuilder)


def test_open_data_is_written_after_the_edit_is_shown_and_the_newest_version_wins(project, tmp_path, monkeypatch):
    """serve writes the open data (tens of megabytes on a large site) in the background: the rebuild that
    shows a measure's edit returns before data/measures.json holds it; two edits queued before the thread
    writes leave the second's bytes, and the settled preview equals a full build."""
    import threading

    from ita_site.preview import later

    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    rebuilder.rebuild()
    rebuilder.session.settle(timeout=300)
    measures = preview / "data/measures.json"
    assert "มาตรการเดิม" in measures.read_text(encoding="utf-8")

    gate, real_next = threading.Event(), later.Later._next
    monkeypatch.setattr(later.Later, "_next", lambda self: gate.wait(60) and real_next(self))
    indicator = project / "content/2564/o1/01-first.yaml"
    _edit(indicator, "มาตรการเดิม", "มาตรการแก้ครั้งแรก")
    rebuilder.rebuild()
    assert "มาตรการแก้ครั้งแรก" in (preview / "2564/o1/indicator-1/index.html").read_text(encoding="utf-8")
    assert "มาตรการเดิม" in measures.read_text(encoding="utf-8")          # not yet: the thread waits
    _edit(indicator, "มาตรการแก้ครั้งแรก", "มาตรการแก้ครั้งที่สอง")
    rebuilder.rebuild()
    gate.set()
    rebuilder.session.settle(timeout=300)
    text = measures.read_text(encoding="utf-8")
    assert "มาตรการแก้ครั้งที่สอง" in text and "มาตรการแก้ครั้งแรก" not in text
    assert not list((preview / "data").glob(".*"))                         # no file left beside them
    same_as_full_build(project, preview, tmp_path, rebuilder)


def test_a_menu_title_or_the_agency_edited_reaches_every_item_and_indicator_page(project, tmp_path):
    """Item and indicator pages are keyed by their year's and depth's base context (nav, head, footer),
    kept between rebuilds by what it reads: a menu page's title and the agency's name are in it."""
    menu = project / "content/pages/contact.md"
    menu.write_text("---\ntitle: ติดต่อเรา\nnav_order: 3\n---\nโทร 0 7471 1111\n", encoding="utf-8")
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(project, preview, say=lambda *a: None)
    rebuilder.rebuild()
    _edit(menu, "ติดต่อเรา", "ช่องทางติดต่อ")
    result, differ = _rebuild(rebuilder, preview, "2564/o1/index.html", "2564/o1/indicator-2/index.html")
    assert "ช่องทางติดต่อ" in (preview / "2564/o1/indicator-2/index.html").read_text(encoding="utf-8")
    same_as_full_build(project, preview, tmp_path, rebuilder)
    _edit(project / "content/site.yaml", "name: สำนักงานทดสอบ", "name: สำนักงานทดสอบจังหวัด")
    _rebuild(rebuilder, preview, "2564/o1/index.html", "2564/o1/indicator-3/index.html")
    assert "สำนักงานทดสอบจังหวัด" in (preview / "2564/o1/indicator-3/index.html").read_text(encoding="utf-8")
    same_as_full_build(project, preview, tmp_path, rebuilder)
