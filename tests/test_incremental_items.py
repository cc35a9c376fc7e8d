"""`ita-site serve` keeps a whole item, indicators and attachments included, while nothing in its folder
changed (preview/attachmemo.py): the item is the same object on the next rebuild, and is made again when a
file in its folder changes, appears or goes, or when its title from the catalogue changes. Whatever it
shows of other items (this item in other years) is still brought up to date, and the preview equals a
clean full build after every step."""

from __future__ import annotations

import pytest

from ita_site.model import assemble
from ita_site.preview.incremental import Rebuilder
from sitekit import (INDICATOR_YAML, OWN_CATALOGUE, SCHOOL_SITE_YAML, minimal_files, same_as_full_build,
                     write_site)

SITE_TWO_YEARS = """\
agency:
  name: สำนักงานทดสอบ
main_site: https://www.test.go.th/
base_url: https://www.test.go.th/ita/
digits: arabic
years:
  "2566": {catalogue: nacc-2566}
  "2567": {catalogue: nacc-2567}
"""

@pytest.fixture
def models(monkeypatch):
    """The site model of every build, in order (assemble.assemble's result)."""
    made = []
    real = assemble.assemble

    def recording(*args, **kwargs):
        site = real(*args, **kwargs)
        made.append({(item.year, item.code): item for item in site.items()})
        return site
    monkeypatch.setattr(assemble, "assemble", recording)
    return made


def _rebuilder(project, tmp_path):
    return Rebuilder(project, tmp_path / "preview", say=lambda *a: None)


def _two_items(tmp_path):
    return write_site(tmp_path / "site", minimal_files({
        "content/2564/o1/item.yaml": "code: O1\nupdated: 2021-01-05\nsummary: โครงสร้าง\n",
        "content/2564/o1/01-structure.yaml": INDICATOR_YAML.replace("files/notice.txt", "files/chart.txt"),
        "content/2564/o1/files/chart.txt": "แผนผัง\n",
    }))


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edit_remakes_its_own_item_only(tmp_path, models):
    project = _two_items(tmp_path)
    rebuilder = _rebuilder(project, tmp_path)
    rebuilder.rebuild()
    rebuilder.rebuild()                                    # nothing changed: both kept
    assert all(models[1][key] is models[0][key] for key in models[0])
    _edit(project / "content/2564/o1/01-structure.yaml", "มีการเผยแพร่ข้อมูล", "มีการเผยแพร่ข้อมูลทุกเดือน")
    rebuilder.rebuild([("modified", str(project / "content/2564/o1/01-structure.yaml"))])
    assert models[2][(2564, "O43")] is models[1][(2564, "O43")]
    assert models[2][(2564, "O1")] is not models[1][(2564, "O1")]
    assert models[2][(2564, "O1")].indicators[0].measures == ["มีการเผยแพร่ข้อมูลทุกเดือน"]
    page = (tmp_path / "preview/2564/o1/indicator-1/index.html").read_text(encoding="utf-8")
    assert "มีการเผยแพร่ข้อมูลทุกเดือน" in page
    same_as_full_build(project, tmp_path / "preview", tmp_path, rebuilder)


@pytest.mark.parametrize("change", ["added", "removed", "bytes"])
def test_a_file_that_appears_goes_or_changes_in_the_folder_remakes_the_item(tmp_path, models, change):
    project = _two_items(tmp_path)
    rebuilder = _rebuilder(project, tmp_path)
    rebuilder.rebuild()
    folder = project / "content/2564/o43/files"
    if change == "added":
        (folder / "spare.txt").write_text("สำรอง\n", encoding="utf-8")
    elif change == "removed":
        (folder / "spare.txt").write_text("สำรอง\n", encoding="utf-8")
        rebuilder.rebuild()
    else:
        (folder / "notice.txt").write_text("ประกาศฉบับแก้ไข ยาวขึ้น\n", encoding="utf-8")
    before = models[-1]
    if change == "removed":
        (folder / "spare.txt").unlink()
    rebuilder.rebuild()
    assert models[-1][(2564, "O43")] is not before[(2564, "O43")]
    assert models[-1][(2564, "O1")] is before[(2564, "O1")]
    if change == "bytes":
        assert (tmp_path / "preview/2564/o43/files/notice.txt").read_text(encoding="utf-8") == \
            "ประกาศฉบับแก้ไข ยาวขึ้น\n"
    same_as_full_build(project, tmp_path / "preview", tmp_path, rebuilder)


def test_a_kept_item_shows_the_new_title_of_the_same_item_in_another_year(tmp_path, models):
    project = write_site(tmp_path / "site", {
        "content/site.yaml": SITE_TWO_YEARS,
        "content/2566/o1/item.yaml": "code: O1\nupdated: 2022-11-01\nbody: โครงสร้าง 2566\n",
        "content/2567/o1/item.yaml": "code: O1\ntitle: โครงสร้างหน่วยงาน\nupdated: 2023-11-01\nbody: โครงสร้าง 2567\n",
    })
    rebuilder = _rebuilder(project, tmp_path)
    rebuilder.rebuild()
    _edit(project / "content/2567/o1/item.yaml", "title: โครงสร้างหน่วยงาน", "title: แผนผังโครงสร้างหน่วยงาน")
    rebuilder.rebuild()
    assert models[1][(2566, "O1")] is models[0][(2566, "O1")]          # kept, with its other years updated
    assert [o.title for o in models[1][(2566, "O1")].other_years] == ["แผนผังโครงสร้างหน่วยงาน"]
    assert "แผนผังโครงสร้างหน่วยงาน" in (tmp_path / "preview/2566/o1/index.html").read_text(encoding="utf-8")
    same_as_full_build(project, tmp_path / "preview", tmp_path, rebuilder)


def test_an_item_titled_by_its_catalogue_is_made_again_when_the_catalogue_renames_it(tmp_path, models):
    project = write_site(tmp_path / "site", {
        "content/site.yaml": SCHOOL_SITE_YAML,
        "content/catalogues/school-2567.yaml": OWN_CATALOGUE,
        "content/2567/sc2/item.yaml": "code: SC2\nupdated: 2024-01-10\nbody: แผนปฏิบัติการประจำปี 2567\n",
    })
    rebuilder = _rebuilder(project, tmp_path)
    rebuilder.rebuild()
    _edit(project / "content/catalogues/school-2567.yaml", "แผนปฏิบัติการประจำปีของโรงเรียน",
          "แผนปฏิบัติการประจำปีงบประมาณของโรงเรียน")
    rebuilder.rebuild()
    assert models[1][(2567, "SC2")] is not models[0][(2567, "SC2")]
    assert models[1][(2567, "SC2")].title == "แผนปฏิบัติการประจำปีงบประมาณของโรงเรียน"
    assert "แผนปฏิบัติการประจำปีงบประมาณของโรงเรียน" in \
        (tmp_path / "preview/2567/sc2/index.html").read_text(encoding="utf-8")
    same_as_full_build(project, tmp_path / "preview", tmp_path, rebuilder)
