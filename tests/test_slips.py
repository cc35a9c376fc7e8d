"""Slips a non-programmer makes in YAML, caught where they are (the tests/bad/slip-* cases show the
build's exact messages; these check the pieces behind them)."""

from __future__ import annotations

from ita_site import keynames, yamldoc
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
