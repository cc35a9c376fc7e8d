"""Broken content: exact place, a hint, exit 1, every problem at once, output/ untouched."""

from __future__ import annotations

import pytest
from sitekit import build, minimal_files, run, tree_hash, write_site

IND = "content/2564/o43/01-communication.yaml"


def _broken(tmp_path, capsys, changes: dict[str, str]):
    project = write_site(tmp_path, minimal_files())
    assert build(capsys, project)[0] == 0
    before = tree_hash(project / "output")
    write_site(project, changes)
    code, out, err = build(capsys, project)
    assert code == 1
    assert tree_hash(project / "output") == before, "output/ must be left exactly as it was"
    assert "Traceback" not in out + err
    return err


CASES = {
    "syntax error": (
        "number: 1\ntitle: [ไม่ปิดวงเล็บ\nmeasures: [a]\n",
        f"{IND}:3:9: ไวยากรณ์ YAML ไม่ถูกต้อง"),
    "unknown key with nearest key": (
        "number: 1\ntitle: ก\nmesures: [a]\nsteps: [b]\nresults: [c]\n",
        f"{IND}:3:1: ไม่รู้จักคีย์ 'mesures' (unknown key 'mesures')\n"
        "    วิธีแก้ (hint): คุณหมายถึง 'measures' หรือไม่? (did you mean 'measures'?)"),
    "wrong type": (
        "number: หนึ่ง\ntitle: ก\nmeasures: [a]\nsteps: [b]\nresults: [c]\n",
        f"{IND}:1:9: number: ต้องเป็นจำนวนเต็ม แต่พบข้อความ (expected integer, got string)"),
    "empty required list": (
        "number: 1\ntitle: ก\nmeasures: []\nsteps: [b]\nresults: [c]\n",
        f"{IND}:3:11: measures: รายการว่าง"),
    "duplicate key": (
        "number: 1\ntitle: ก\nmeasures: [a]\nsteps: [b]\nresults: [c]\ntitle: ข\n",
        f"{IND}:6:1: คีย์ 'title' ซ้ำในแมปเดียวกัน (ครั้งแรกที่บรรทัด 2)"),
    "missing attachment": (
        "number: 1\ntitle: ก\nmeasures: [a]\nsteps: [b]\nresults:\n  - text: c\n    attachments:\n"
        "      - file: files/missing.pdf\n",
        f"{IND}:8:15: ไม่พบไฟล์แนบ 'files/missing.pdf' (มองหาที่ content/2564/o43/files/missing.pdf)"),
    "impossible date": (
        "number: 1\ntitle: ก\nmeasures: [a]\nsteps: [b]\nresults:\n  - text: c\n    date: 2021-02-30\n",
        f"{IND}:7:11: results.1.date: วันที่ '2021-02-30' ไม่มีอยู่จริงหรือเขียนผิดรูปแบบ"),
    "attachment outside content": (
        "number: 1\ntitle: ก\nmeasures: [a]\nsteps: [b]\nresults:\n  - text: c\n    attachments:\n"
        "      - file: ../../../site.yaml\n",
        f"{IND}:8:15: ที่อยู่ไฟล์แนบ '../../../site.yaml' มี .. ซึ่งชี้ออกนอกโฟลเดอร์ของรายการ"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_indicator_file(case, tmp_path, capsys):
    text, expected = CASES[case]
    err = _broken(tmp_path, capsys, {IND: text})
    assert expected in err


def test_every_problem_is_reported_at_once(tmp_path, capsys):
    err = _broken(tmp_path, capsys, {
        "content/site.yaml": "agency:\n  name: ก\nmain_site: https://a.go.th/\nbase_url: https://a.go.th/ita/\n"
                             "digits: roman\n",
        "content/2564/o43/item.yaml": "code: O43\nupdated: 2021-13-01\nsumary: x\n"})
    assert "content/site.yaml:5:9: digits: ค่า 'roman' ใช้ไม่ได้" in err
    assert "content/2564/o43/item.yaml:2:10: updated: วันที่ '2021-13-01'" in err
    assert "content/2564/o43/item.yaml:3:1: ไม่รู้จักคีย์ 'sumary'" in err
    assert "พบปัญหา 3 รายการ" in err


def test_duplicate_indicator_numbers(tmp_path, capsys):
    err = _broken(tmp_path, capsys, {"content/2564/o43/02-copy.yaml":
                                     "number: 1\ntitle: ข\nmeasures: [a]\nsteps: [b]\nresults: [c]\n"})
    assert ("content/2564/o43/02-copy.yaml:1:9: ตัวชี้วัดหมายเลข 1 ซ้ำกับไฟล์ content/2564/o43/01-communication.yaml"
            in err)


def test_code_must_match_folder_and_catalogue(tmp_path, capsys):
    err = _broken(tmp_path, capsys, {"content/2564/o99/item.yaml": "code: O99\nupdated: 2021-01-08\n",
                                     "content/2564/o42/item.yaml": "code: O41\nupdated: 2021-01-08\n"})
    assert "content/2564/o99/item.yaml:1:7: ไม่มีรายการ O99 ในบัญชีรายการ nacc-2564 ของปี 2564" in err
    assert "content/2564/o42/item.yaml:1:7: รหัส 'O41' ไม่ตรงกับชื่อโฟลเดอร์ 'o42'" in err


def test_check_fails_on_a_broken_internal_link(tmp_path, capsys):
    project = write_site(tmp_path, minimal_files({"content/2564/o43/item.yaml":
                                                  "code: O43\nupdated: 2021-01-08\nbody: ดู [รายการ O99](../o99/)\n"}))
    code, _, err = run(capsys, "check", "--project", str(project))
    assert code == 1
    assert "output/2564/o43/index.html: ลิงก์ภายในเสีย: ไม่พบ 2564/o99/index.html" in err
    assert not (project / "output").exists(), "check writes nothing"


def test_check_fails_on_a_page_nothing_links_to(tmp_path, capsys):
    files = minimal_files()
    files["content/pages/hidden.md"] = "---\ntitle: ซ่อน\n---\nไม่มีใครลิงก์มา\n"
    files["templates/home.html"] = '{% extends "base.html" %}{% block content %}<h1>หน้าแรก</h1>{% endblock %}'
    project = write_site(tmp_path, files)
    code, _, err = run(capsys, "check", "--project", str(project))
    assert code == 1
    assert "output/hidden/index.html: ไม่มีลิงก์จากหน้าใดพาไปถึงหน้านี้จากหน้าแรก" in err


def test_check_passes_on_the_default_site_and_reports_click_depths(capsys):
    from sitekit import REPO
    code, out, _ = run(capsys, "check", "--project", str(REPO), "--verbose")
    assert code == 0
    assert "1 คลิก (clicks): /2564/" in out
    assert "2 คลิก (clicks): /2564/o43/" in out
