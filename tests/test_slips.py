"""Slips a non-programmer makes in YAML, caught where they are (the tests/bad/slip-* cases show the
build's exact messages; these check the pieces behind them)."""

from __future__ import annotations

from ita_site.content import keynames, yamldoc
from ita_site.errors import Problems


def test_a_tab_pasted_inside_a_text_is_kept_as_text_with_its_places():
    problems = Problems()
    data, positions = yamldoc.parse("title: ก\tข\nmeasures:\n  - หนึ่ง\tสอง\n", "x.yaml", problems)
    assert problems.items == []
    assert data == {"title": "ก\tข", "measures": ["หนึ่ง\tสอง"]}
    assert positions.of(("measures", 0)) == (3, 5)


def test_a_tab_in_the_indentation_is_still_refused():
    problems = Problems()
    assert yamldoc.parse("measures:\n\t- หนึ่ง\n", "x.yaml", problems) is None
    assert "แท็บ" in problems.items[0].th


def test_kedmanee_keys_and_thai_names_name_the_key_meant():
    assert keynames.from_kedmanee("ทำฟหีพำห") == "measures"
    assert keynames.from_kedmanee("หะำยห") == "steps"
    assert keynames.from_kedmanee("ะระสำ") == "title"
    allowed = ["ita_indicator", "measures", "number", "results", "steps", "title"]
    assert keynames.suggest("ระฟ๘รืกรแฟะนพ", allowed) == ("ita_indicator", "kedmanee")
    assert keynames.suggest("ผลการดำเนินการ", allowed) == ("results", "thai")
    assert keynames.suggest("ขั้นตอน", allowed) == ("steps", "thai")
    assert keynames.suggest("วันที่", ["date", "title"]) == ("date", "thai")
    assert keynames.suggest("วันที่", ["updated", "code"]) == ("updated", "thai")
    assert keynames.suggest("ไฟล์แนบ", ["title", "file", "date"]) == ("file", "thai")
    assert keynames.suggest("mesures", allowed) == ("measures", "typo")
    assert keynames.suggest("อะไรก็ได้", allowed) is None


# ---------------------------------------------------------------- warnings a build prints, and dates shown

from tests.sitekit import INDICATOR_YAML, ITEM_YAML, build, minimal_files, page, write_site  # noqa: E402

EPOCH_2026_12_01 = "1796083200"     # SOURCE_DATE_EPOCH: "today" for the date checks


def _site(tmp_path, indicator: str, item: str = ITEM_YAML):
    return write_site(tmp_path / "site", minimal_files({"content/2564/o43/01-communication.yaml": indicator,
                                                       "content/2564/o43/item.yaml": item}))


def test_dates_that_make_no_sense_are_warnings_naming_the_date_meant(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_12_01)
    indicator = INDICATOR_YAML.replace("        date: 2021-01-08", "        date: 2064-01-08") + \
        "  - text: จัดประชุม\n    date: 2015-03-01\n"
    item = ITEM_YAML.replace("updated: 2021-01-08", "updated: 2027-01-08")
    code, _out, err = build(capsys, _site(tmp_path, indicator, item))
    assert code == 0
    lines = [line for line in err.splitlines() if "2064" in line or "2015-03-01" in line or "2027" in line]
    assert lines[0] == ("content/2564/o43/01-communication.yaml:13:15: คำเตือน: วันที่ 2064-01-08 อยู่ในอนาคต"
                        " (หลังวันนี้ 2026-12-01) (warning: the date 2064-01-08 is in the future (after 2026-12-01))")
    assert "อาจตั้งใจเขียน 2564-01-08 หรือไม่?" in err and "did you mean 2564-01-08?" in err
    assert ("content/2564/o43/01-communication.yaml:15:11: คำเตือน: วันที่ 2015-03-01 อยู่ห่างจากปีงบประมาณ พ.ศ. 2564"
            " (2020-10-01 ถึง 2021-09-30) มาก") in err
    assert "did you mean 2021-03-01?" in err
    assert "content/2564/o43/item.yaml:3:10: คำเตือน: วันที่ 2027-01-08 อยู่ในอนาคต" in err
    assert "did you mean 2021-01-08?" in err


def test_an_entry_with_its_own_number_is_a_warning(tmp_path, capsys):
    indicator = INDICATOR_YAML.replace("  - มีการเผยแพร่ข้อมูล", "  - ๑. มีการเผยแพร่ข้อมูล\n  - • ตอบคำถาม")
    code, _out, err = build(capsys, _site(tmp_path, indicator))
    assert code == 0
    assert ("content/2564/o43/01-communication.yaml:5:5: คำเตือน: ข้อความขึ้นต้นด้วยเลขหรือสัญลักษณ์ '๑.' เอง"
            " แต่เว็บไซต์ใส่เลขลำดับให้แล้ว จึงจะแสดงซ้ำสองครั้ง") in err
    assert "content/2564/o43/01-communication.yaml:6:5:" in err and "'•'" in err
    assert "remove the '๑.' at the start" in err


def test_a_results_own_date_is_shown_in_buddhist_era_and_the_sites_digits(tmp_path, capsys):
    indicator = INDICATOR_YAML.replace("  - text: เผยแพร่ผ่านเว็บไซต์\n", "  - text: เผยแพร่ผ่านเว็บไซต์\n    date: 2021-02-15\n")
    project = _site(tmp_path, indicator)
    code, _out, err = build(capsys, project)
    assert code == 0, err
    shown = '<p class="entry-date">วันที่ดำเนินการ <time datetime="2021-02-15">๑๕ กุมภาพันธ์ ๒๕๖๔</time></p>'
    assert shown in page(project / "output", "2564/o43/indicator-1")
    assert shown in page(project / "output", "2564/o43")
    assert '<time datetime="2021-01-08">๘ มกราคม ๒๕๖๔</time>' in page(project / "output", "2564/o43/indicator-1")
