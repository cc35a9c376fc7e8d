"""`ita-site new year | item | indicator`: files valid as written, that build and appear in the site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from sitekit import REPO, minimal_files, run, write_site

from ita_site.content import schema
from ita_site.authoring.scaffold import add_year_entry

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\n")
COMMENTED_SITE_YAML = """\
# yaml-language-server: $schema=../ita_site/schemas/site.schema.json
# ข้อมูลของหน่วยงาน (agency)
agency:
  name: สำนักงานทดสอบ   # ชื่อเต็ม
main_site: https://www.test.go.th/
base_url: https://www.test.go.th/ita/
years:
  # ปีแรกของเว็บไซต์
  "2564":
    catalogue: nacc-2564   # บัญชีของ ป.ป.ช.

# การเข้าถึง
accessibility:
  standard: WCAG 2.2 ระดับ AA
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", minimal_files())


def build(capsys, project: Path) -> Path:
    code, out, err = run(capsys, "build", "--project", str(project), "--output", str(project / "output"))
    assert code == 0, out + err
    return project / "output"


def html(output: Path, url: str) -> str:
    return (output / url / "index.html").read_text(encoding="utf-8")


def schema_of(path: Path) -> Path:
    """The schema named on the first line, resolved the way the editor does: relative to the file."""
    match = SCHEMA_LINE.match(path.read_text(encoding="utf-8"))
    assert match, f"{path} does not start with a yaml-language-server line"
    return (path.parent / match.group(1)).resolve()


def keys_in(path: Path) -> set[str]:
    """Top-level keys, written or commented out (`# key:`), in a scaffolded file."""
    return set(re.findall(r"^(?:# )?([a-z_]+):", path.read_text(encoding="utf-8"), re.M))


def test_new_item_is_valid_builds_and_appears(capsys, site):
    code, out, _ = run(capsys, "new", "item", "2564", "o1", "--project", str(site))
    assert code == 0
    path = site / "content/2564/o1/item.yaml"
    assert "เขียน (wrote) content/2564/o1/item.yaml" in out
    assert schema_of(path) == schema.schema_path("item").resolve()
    assert keys_in(path) >= set(schema.load("item")["properties"])          # every field, with comments
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["code"] == "O1" and data["title"] == "โครงสร้าง"            # title from nacc-2564
    output = build(capsys, site)
    assert "โครงสร้าง" in html(output, "2564/o1") and 'href="o1/"' in html(output, "2564")


def test_thai_digits_are_understood_in_the_year(capsys, site):
    code, out, _ = run(capsys, "new", "item", "๒๕๖๔", "o2", "--project", str(site))
    assert code == 0 and (site / "content/2564/o2/item.yaml").is_file()


def test_new_indicator_takes_the_next_number_and_appears(capsys, site):
    code, out, _ = run(capsys, "new", "indicator", "2564", "o43", "--project", str(site))
    assert code == 0 and "content/2564/o43/02-indicator.yaml" in out
    path = site / "content/2564/o43/02-indicator.yaml"
    assert schema_of(path) == schema.schema_path("indicator").resolve()
    assert keys_in(path) >= set(schema.load("indicator")["properties"])
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["number"] == 2
    code, out, _ = run(capsys, "new", "indicator", "2564", "o43", "--title", "การเปิดเผยข้อมูล",
                       "--project", str(site))
    third = yaml.safe_load((site / "content/2564/o43/03-disclosure.yaml").read_text(encoding="utf-8"))
    assert code == 0 and third["title"] == "การเปิดเผยข้อมูล" and third["ita_indicator"] == 9
    output = build(capsys, site)
    assert "การเปิดเผยข้อมูล" in html(output, "2564/o43/indicator-3")
    assert (output / "2564/o43/indicator-2/index.html").is_file()


def test_new_year_edits_site_yaml_surgically_and_appears(capsys, site):
    (site / "content/site.yaml").write_text(COMMENTED_SITE_YAML, encoding="utf-8")
    code, out, _ = run(capsys, "new", "year", "2567", "--project", str(site))
    assert code == 0 and "แก้ไข (updated) content/site.yaml" in out
    text = (site / "content/site.yaml").read_text(encoding="utf-8")
    assert text == COMMENTED_SITE_YAML.replace(
        "บัญชีของ ป.ป.ช.\n", 'บัญชีของ ป.ป.ช.\n  "2567":\n    catalogue: nacc-2567\n')
    assert (site / "content/2567/README.md").is_file()
    code, _, _ = run(capsys, "new", "item", "2567", "o43", "--project", str(site))
    assert code == 0
    output = build(capsys, site)
    assert 'href="o43/"' in html(output, "2567") and 'href="2567/o43/"' in html(output, "")


def test_new_year_from_previous_year_blanks_dates_and_results(capsys, site):
    code, out, _ = run(capsys, "new", "year", "2565", "--from", "2564", "--project", str(site))
    assert code == 0, out
    old = yaml.safe_load((site / "content/2564/o43/01-communication.yaml").read_text(encoding="utf-8"))
    new_path = site / "content/2565/o43/01-communication.yaml"
    new = yaml.safe_load(new_path.read_text(encoding="utf-8"))
    assert (new["number"], new["title"], new["measures"], new["steps"]) == \
           (old["number"], old["title"], old["measures"], old["steps"])
    assert new["results"] == ["[กรอก] ผลการดำเนินการตามมาตรการ ปี ๒๕๖๕"]     # the site's digits: thai
    assert "2021-01-08" not in new_path.read_text(encoding="utf-8")
    assert "2021-01-08" not in (site / "content/2565/o43/item.yaml").read_text(encoding="utf-8")
    assert not (site / "content/2565/o43/files").exists()                 # last year's evidence stays there
    assert schema_of(new_path) == schema.schema_path("indicator").resolve()
    output = build(capsys, site)
    assert "ประสิทธิภาพการสื่อสาร" in html(output, "2565/o43/indicator-1")


def test_new_year_from_skips_items_missing_from_the_new_catalogue(capsys, site):
    catalogue = (REPO / "ita_site/catalogues/nacc-2564.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(catalogue)
    data.update(id="nacc-2565", year=2565, groups=[{"code": "9.1", "title": "ข้อมูลพื้นฐาน", "items": [
        {"code": "O1", "title": "โครงสร้างองค์กร", "period": "current-fy", "confidence": "verified"}]}])
    write_site(site, {"content/catalogues/nacc-2565.yaml": yaml.safe_dump(data, allow_unicode=True)})
    write_site(site, {"content/2564/o1/item.yaml": "code: O1\nupdated: 2021-01-08\n"})
    code, out, _ = run(capsys, "new", "year", "2565", "--from", "2564", "--project", str(site))
    assert code == 0 and "ข้าม O43" in out and "skipped O43" in out
    assert not (site / "content/2565/o43").exists()
    assert yaml.safe_load((site / "content/2565/o1/item.yaml").read_text(encoding="utf-8"))["title"] == "โครงสร้างองค์กร"
    assert "catalogue: nacc-2565" in (site / "content/site.yaml").read_text(encoding="utf-8")
    build(capsys, site)


def test_refuses_to_overwrite(capsys, site):
    path = site / "content/2564/o43/item.yaml"
    before = path.read_bytes()
    code, _, err = run(capsys, "new", "item", "2564", "o43", "--project", str(site))
    assert code == 1 and "ไม่เขียนทับ" in err and "already exists" in err
    assert path.read_bytes() == before
    code, _, err = run(capsys, "new", "year", "2564", "--project", str(site))
    assert code == 1 and "already exists" in err


@pytest.mark.parametrize("args, needle", [
    (("new", "item", "2564", "o99"), "valid codes"),                  # not in the year's catalogue
    (("new", "indicator", "2564", "o1"), "ita-site new item 2564 o1"),  # no item yet: says what to run
    (("new", "year", "2566", "--from", "2563"), "no items to copy"),
])
def test_problems_exit_1_with_a_hint(capsys, site, args, needle):
    code, out, err = run(capsys, *args, "--project", str(site))
    assert code == 1 and needle in err and out == ""


@pytest.mark.parametrize("args", [("new", "item", "99", "o1"), ("new", "item", "2564", "O-1"),
                                  ("new", "indicator", "2564", "o43", "--name", "Bad Name")])
def test_usage_errors_exit_2(capsys, site, args):
    code, _, err = run(capsys, *args, "--project", str(site))
    assert code == 2 and "ita-site new:" in err


def test_missing_kind_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        run(capsys, "new")
    assert exc.value.code == 2


def test_site_yaml_keeps_crlf_and_bom(capsys, site):
    path = site / "content/site.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    code, _, _ = run(capsys, "new", "year", "2566", "--project", str(site))
    raw = path.read_bytes()
    assert code == 0 and raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")
    assert b'"2566":\r\n    catalogue: nacc-2566\r\n' in raw


@pytest.mark.parametrize("text", ["agency: {name: x}\n", "agency: {name: x}\nyears: {}\n",
                                  "years:\n    \"2564\": {}\n# end\nagency: {name: x}\n"])
def test_add_year_entry_forms(text):
    result = add_year_entry(text, 2568, None)
    assert yaml.safe_load(result)["years"]["2568"] == {}
    assert yaml.safe_load(result)["agency"] == {"name": "x"}
    kept = [line for line in text.splitlines() if line != "years: {}"]
    assert [line for line in result.splitlines() if line in kept] == kept      # nothing lost or reordered


def test_placeholders_left_in_a_scaffolded_file_are_found_with_their_line(capsys, site):
    from ita_site.content import yamldoc
    from ita_site.errors import Problems
    from ita_site.content.load import RawDoc
    from ita_site.checks.placeholders import check as check_placeholders

    run(capsys, "new", "item", "2564", "o1", "--project", str(site))
    path = site / "content/2564/o1/item.yaml"
    text = path.read_text(encoding="utf-8")
    problems = Problems()
    data, positions = yamldoc.parse(text, "content/2564/o1/item.yaml", problems)
    check_placeholders([RawDoc("content/2564/o1/item.yaml", "item", data, positions)], problems)
    lines = text.splitlines()
    found = {(p.line, p.severity) for p in problems.items}
    expected = {(n, "warning") for n, line in enumerate(lines, 1) if re.match(r'^(summary|note): "\[กรอก\]', line)}
    assert len(expected) == 2 and found == expected


def _yaml_ls_pattern(glob: str) -> re.Pattern:
    """yaml-language-server's glob: `*` is any run of characters (slashes too), the rest is literal."""
    return re.compile(re.sub(r"[-\\{}+?|^$.,\[\]()#\s]", lambda m: "\\" + m.group(0), glob).replace("*", ".*") + "$")


def test_editor_settings_map_every_content_file_to_its_schema():
    from ita_site.content.load import classify

    text = (REPO / ".vscode" / "settings.json").read_text(encoding="utf-8")
    settings = yaml.safe_load(re.sub(r"^\s*//.*$", "", text, flags=re.M))     # JSON with comments
    rules = [(Path(schema_file).stem.removesuffix(".schema"), _yaml_ls_pattern(glob))
             for schema_file, globs in settings["yaml.schemas"].items() for glob in globs]
    assert all((REPO / schema_file).is_file() for schema_file in settings["yaml.schemas"])
    files = [p for root in (REPO / "content", REPO / "tests/sites/rich/content") for p in root.rglob("*.yaml")]
    files += list((REPO / "ita_site/catalogues").glob("*.yaml"))
    assert len(files) > 15
    for path in files:
        kind = "catalogue" if path.parent.name == "catalogues" else classify(path.relative_to(
            next(p for p in path.parents if p.name == "content")).parts)
        matched = {name for name, pattern in rules if pattern.search(path.as_posix())}
        assert matched == {kind}, path
        first = SCHEMA_LINE.match(path.read_text(encoding="utf-8"))          # the file's own schema line agrees
        assert first and (path.parent / first.group(1)).resolve() == schema.schema_path(kind).resolve(), path


def test_new_year_from_follows_the_roll_over_map_and_leaves_the_old_year_alone(capsys, tmp_path):
    """`new year 2569 --from 2564` on the default site: 2564 O43 becomes 2569 O26 (via 2566/2567 O43)."""
    import shutil

    from sitekit import tree_hash

    project = tmp_path / "site"
    shutil.copytree(REPO / "content", project / "content")
    before = tree_hash(project / "content" / "2564")
    code, out, err = run(capsys, "new", "year", "2569", "--from", "2564", "--project", str(project))
    assert code == 0, out + err
    assert tree_hash(project / "content" / "2564") == before          # every 2564 file byte-identical
    assert re.search(r"^\s+O26\s+ยกมา \(carried\) <- 2564 O43: สร้างแล้ว \(written\)$", out, re.M)
    assert re.search(r"^\s+O1\s+รวมจากหลายรายการ \(merged\) <- 2564 O1, O3: ", out, re.M)
    assert re.search(r"^\s+O15\s+รายการใหม่ \(new\)", out, re.M)
    assert not (project / "content/2569/o43").exists()
    new_dir = project / "content/2569/o26"
    item = yaml.safe_load((new_dir / "item.yaml").read_text(encoding="utf-8"))
    assert item["code"] == "O26"
    assert item["title"] == "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    assert "สืบต่อจากรายการ O43 ของปี 2564" in (new_dir / "item.yaml").read_text(encoding="utf-8")
    old_files = sorted(p.name for p in (project / "content/2564/o43").glob("0*.yaml"))
    assert sorted(p.name for p in new_dir.glob("0*.yaml")) == old_files and len(old_files) == 7
    for name in old_files:
        old = yaml.safe_load((project / "content/2564/o43" / name).read_text(encoding="utf-8"))
        new = yaml.safe_load((new_dir / name).read_text(encoding="utf-8"))
        assert (new["number"], new["title"], new["measures"], new["steps"]) == \
               (old["number"], old["title"], old["measures"], old["steps"])
        assert new["results"] == ["[กรอก] ผลการดำเนินการตามมาตรการ ปี ๒๕๖๙"]     # a placeholder for the new year
    assert '"2569":\n    catalogue: nacc-2569' in (project / "content/site.yaml").read_text(encoding="utf-8")
    output = build(capsys, project)
    new_page, old_page = html(output, "2569/o26"), html(output, "2564/o43")
    assert 'href="../../2564/o43/"' in new_page and "รายการนี้ในปีอื่น" in new_page
    assert re.search(r'href="../../2569/o26/">ปี ๒๕๖๙ O26 [^<]+</a> \(รายการที่สืบต่อ\)', old_page)


def test_new_year_from_merges_items_and_numbers_their_indicators(capsys, tmp_path):
    files = minimal_files()
    files["content/site.yaml"] = files["content/site.yaml"].replace('"2564": {catalogue: nacc-2564}',
                                                                    '"2567": {catalogue: nacc-2567}')
    for code in ("o39", "o40"):                     # 2568 O16 = 2567 O39 + O40 (ethics code and its drive)
        files[f"content/2567/{code}/item.yaml"] = f"code: {code.upper()}\nupdated: 2024-01-08\nbody: ข้อความ\n"
        files[f"content/2567/{code}/01-ethics.yaml"] = (
            f"number: 1\ntitle: ตัวชี้วัด {code}\nmeasures: [มาตรการ {code}]\nsteps: [ขั้นตอน]\nresults: [ผล]\n")
    for key in [k for k in files if k.startswith("content/2564/")]:
        del files[key]
    project = write_site(tmp_path / "site", files)
    code, out, err = run(capsys, "new", "year", "2568", "--from", "2567", "--project", str(project))
    assert code == 0, out + err
    assert re.search(r"^\s+O16\s+รวมจากหลายรายการ \(merged\) <- 2567 O39, O40: สร้างแล้ว", out, re.M)
    made = sorted(p.name for p in (project / "content/2568/o16").iterdir())
    assert made == ["01-ethics.yaml", "02-ethics.yaml", "item.yaml"]
    second = yaml.safe_load((project / "content/2568/o16/02-ethics.yaml").read_text(encoding="utf-8"))
    assert second["number"] == 2 and second["measures"] == ["มาตรการ o40"]
    build(capsys, project)


def test_new_year_2570_is_provisional_with_a_warning(capsys, tmp_path):
    import shutil

    project = tmp_path / "site"
    shutil.copytree(REPO / "content", project / "content")
    assert run(capsys, "new", "year", "2569", "--from", "2564", "--project", str(project))[0] == 0
    code, out, err = run(capsys, "new", "year", "2570", "--from", "2569", "--project", str(project))
    assert code == 0, out + err
    assert "คำเตือน: ยังไม่มีบัญชีรายการ OIT ทางการของปี 2570" in out and "provisionally" in out
    assert re.search(r"^\s+O26\s+ยกมา \(carried\) <- 2569 O26: สร้างแล้ว", out, re.M)
    text = (project / "content/2570/o26/item.yaml").read_text(encoding="utf-8")
    assert "ชื่อรายการยังไม่ยืนยัน: ตรวจกับคู่มือ ITA" in text
    readme = (project / "content/2570/README.md").read_text(encoding="utf-8")   # titles do come from the list
    assert "every item.yaml needs its own title" not in readme and "nacc-2570-provisional" in readme
    assert "ใช้รายการของ nacc-2569 เป็นการชั่วคราว" in readme and "content/catalogues/nacc-2570.yaml" in readme
    code, out, err = run(capsys, "build", "--project", str(project), "--output", str(project / "output"))
    assert code == 0 and "ยังไม่มีบัญชีรายการ OIT ทางการของปี 2570" in out + err


# ---------------------------------------------------------------- scaffolded text follows site.yaml `digits:`

DIGITS = {"thai": "digits: thai\n", "arabic": "digits: arabic\n", "default": ""}   # default: the schema's, thai
ARABIC, THAI = re.compile(r"[0-9]"), re.compile(r"[๐-๙]")


def _digits_site(tmp_path: Path, setting: str, years: str = '"2564": {catalogue: nacc-2564}') -> Path:
    files = minimal_files()
    files["content/site.yaml"] = files["content/site.yaml"].replace("digits: thai\n", DIGITS[setting]).replace(
        '"2564": {catalogue: nacc-2564}', years)
    return write_site(tmp_path / "site", files)


def _values(path: Path) -> list[str]:
    """Every text value of a YAML file (not its comments), nested ones included."""
    def walk(value):
        if isinstance(value, dict):
            return [t for v in value.values() for t in walk(v)]
        if isinstance(value, list):
            return [t for v in value for t in walk(v)]
        return [value] if isinstance(value, str) else []
    return walk(yaml.safe_load(path.read_text(encoding="utf-8")))


def _placeholders_follow(path: Path, setting: str) -> None:
    placeholders = [t for t in _values(path) if t.startswith("[กรอก]")]
    assert placeholders, path
    other = THAI if setting == "arabic" else ARABIC
    assert [t for t in placeholders if other.search(t)] == [], path


def _iso_dates(path: Path) -> list[str]:
    return re.findall(r"^\s*(?:- )?(?:updated|date): \"?([^\"\n]*)\"?$", path.read_text(encoding="utf-8"), re.M)


@pytest.mark.parametrize("setting, year", [("thai", "๒๕๖๕"), ("default", "๒๕๖๕"), ("arabic", "2565")], ids=["thai", "default", "arabic"])
def test_new_year_from_writes_placeholders_and_readme_in_the_sites_digits(capsys, tmp_path, setting, year):
    site = _digits_site(tmp_path, setting)
    code, out, err = run(capsys, "new", "year", "2565", "--from", "2564", "--project", str(site))
    assert code == 0, out + err
    new = site / "content/2565/o43"
    assert yaml.safe_load((new / "01-communication.yaml").read_text(encoding="utf-8"))["results"] == [
        f"[กรอก] ผลการดำเนินการตามมาตรการ ปี {year}"]
    for path in (new / "01-communication.yaml", new / "item.yaml"):
        _placeholders_follow(path, setting)
    assert all(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", d) for d in _iso_dates(new / "item.yaml"))  # ISO, Arabic
    readme = (site / "content/2565/README.md").read_text(encoding="utf-8").split("\n")
    start, end = ("๑ ตุลาคม ๒๕๖๔", "๓๐ กันยายน ๒๕๖๕") if setting != "arabic" else ("1 ตุลาคม 2564", "30 กันยายน 2565")
    assert readme[0] == f"# ปีงบประมาณ พ.ศ. {year} (fiscal year 2565)"
    assert readme[2] == f"ปีงบประมาณ พ.ศ. {year} เริ่ม {start} สิ้นสุด {end}"
    assert readme[3] == "(FY 2565 runs from 1 October 2021 to 30 September 2022)."          # English stays Arabic
    assert "`ita-site new item 2565 o1`" in readme[6]                                        # a command to type
    build(capsys, site)


@pytest.mark.parametrize("setting, year", [("thai", "๒๕๖๔"), ("default", "๒๕๖๔"), ("arabic", "2564")], ids=["thai", "default", "arabic"])
def test_new_indicator_writes_its_placeholder_in_the_sites_digits(capsys, tmp_path, setting, year):
    site = _digits_site(tmp_path, setting)
    code, out, err = run(capsys, "new", "indicator", "2564", "o43", "--project", str(site))
    assert code == 0, out + err
    path = site / "content/2564/o43/02-indicator.yaml"
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["results"] == [f"[กรอก] ผลการดำเนินการตามมาตรการ ปี {year}"]
    _placeholders_follow(path, setting)
    assert '#     date: "2564-03-31"' in path.read_text(encoding="utf-8")        # a date field's example stays ISO


@pytest.mark.parametrize("setting", ["thai", "default", "arabic"])
@pytest.mark.parametrize("code, rows", [("o11", "2568-10"), ("o18", "2567-10")])   # procurement, complaints
def test_new_item_and_its_table_rows_write_placeholders_in_the_sites_digits(capsys, tmp_path, setting, code, rows):
    site = _digits_site(tmp_path, setting, '"2569": {catalogue: nacc-2569}')
    result, out, err = run(capsys, "new", "item", "2569", code, "--project", str(site))
    assert result == 0, out + err
    item, sheet = site / f"content/2569/{code}/item.yaml", site / f"content/2569/{code}/rows/{rows}.yaml"
    _placeholders_follow(item, setting)
    _placeholders_follow(sheet, setting)
    assert all(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", d) for d in _iso_dates(item) + _iso_dates(sheet))
