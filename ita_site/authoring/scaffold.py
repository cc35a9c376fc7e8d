"""Scaffolding: `ita-site new year | item | indicator` writes content files that are valid as written.

Every YAML file written starts with a `yaml-language-server: $schema=` line (completion and errors while
typing in the editor), carries short Thai comments and holds "[กรอก] ..." placeholders where the
webmaster's own text goes. Placeholders and the Thai text of a year's README follow site.yaml `digits:`
(scaffold_files.site_digits); date fields stay ISO, comments and commands keep Arabic digits (they show
what to type), text from a catalogue or the year before is kept as it is. Nothing is overwritten, and
every text is parsed and validated against its schema before anything is written, so a command either
writes all its files or none.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import yaml

from ita_site import periods, thai, urls
from ita_site.authoring import scaffold_rows
from ita_site.checks.placeholders import FILL
from ita_site.content import catalogue, load
from ita_site.model import rollover
from ita_site.model.site import Year
from ita_site.errors import Problems
from ita_site.authoring.table import KNOWN_INDICATORS
from ita_site.content.load import RawDoc
from ita_site.authoring.scaffold_files import (EXIT_USAGE, Outcome, ScaffoldError, add_year_entry, apply, read_doc,
                                     relpath, render, site_digits)

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


# ---------------------------------------------------------------- the three commands

def new_item(project: Path, fy: int, code: str, title: str | None = None, today: dt.date | None = None) -> list[str]:
    project, fy, folder = project.resolve(), _year(fy), _folder(code)
    code = folder.upper()
    cat = year_catalogue(project, fy)
    entry = cat.get(code) if cat else None
    if cat and entry is None:
        raise ScaffoldError(f"ไม่มีรายการ {code} ในบัญชีรายการ {cat.id} ของปี {fy}",
                            f"{code} is not in the {fy} catalogue {cat.id}",
                            f"รหัสที่ใช้ได้ (valid codes): {cat.items[0].code}-{cat.items[-1].code}" if cat.items else "")
    outcome = Outcome()
    digits = site_digits(project)
    fields = _item_fields(code, fy, title or (entry.title if entry else f"{FILL} ชื่อรายการ"), today, digits)
    fields.update(catalogue=cat.id if cat else "", requirement=_requirement(entry), table=entry.table if entry else "")
    path = project / "content" / str(fy) / folder / "item.yaml"
    outcome.files.append((path, render("item.yaml.j2", fields, path)))
    if fields["table"]:
        outcome.files.append(scaffold_rows.first_file(path.parent, code, fy, fields["table"], entry.period, digits))
    if entry is not None and not entry.confirmed and not title:
        outcome.notes.append(f"{code}: {catalogue.UNCONFIRMED[0]} ({catalogue.UNCONFIRMED[1]}): \"{entry.title}\"")
    outcome.notes.append(f"updated: ใส่วันนี้ ({fields['updated']}) ไว้ก่อน แก้เป็นวันที่ปรับปรุงข้อมูลจริง"
                         f" / updated: is today ({fields['updated']}) for now: set the day the data was last updated")
    if entry is None and not title:
        outcome.notes.append(f"ไม่พบบัญชีรายการของปี {fy}: ใส่ชื่อรายการที่ title เอง "
                             f"(no catalogue for {fy}: write the item title yourself)")
    if fy not in _declared_years(_site(project)):
        outcome.notes.append(f"ปี {fy} ยังไม่อยู่ใน site.yaml: เพิ่มด้วยคำสั่ง ita-site new year {fy} "
                             f"(year {fy} is not in site.yaml yet)")
    return apply(project, outcome)


def new_indicator(project: Path, fy: int, code: str, title: str | None = None, name: str | None = None) -> list[str]:
    project, fy, folder = project.resolve(), _year(fy), _folder(code)
    item_dir = project / "content" / str(fy) / folder
    if not (item_dir / "item.yaml").is_file():
        raise ScaffoldError(f"ยังไม่มีรายการ {folder.upper()} ของปี {fy} (ไม่พบ content/{fy}/{folder}/item.yaml)",
                            f"no item {folder.upper()} in {fy} yet", f"สร้างก่อนด้วย (first run): ita-site new item {fy} {folder}")
    number = _next_number(item_dir)
    known = KNOWN_INDICATORS.get((title or "").strip())
    slug = name or (known[1] if known else "indicator")
    if not _SLUG.match(slug):
        raise ScaffoldError(f"ชื่อไฟล์ '{slug}' ใช้ไม่ได้", f"bad file name '{slug}'",
                            "ใช้ a-z 0-9 และ - เท่านั้น / use a-z, 0-9 and -", EXIT_USAGE)
    if number > 99:
        raise ScaffoldError("รายการนี้มีตัวชี้วัดครบ 99 ข้อแล้ว", "this item already has 99 indicators")
    fields = _indicator_fields(folder.upper(), fy, number, title or f"{FILL} ชื่อตัวชี้วัด",
                               known[0] if known else None, [f"{FILL} มาตรการ"], [f"{FILL} ขั้นตอน/วิธีการ"],
                               digits=site_digits(project))
    path = item_dir / f"{number:02d}-{slug}.yaml"
    outcome = Outcome(files=[(path, render("indicator.yaml.j2", fields, path))])
    return apply(project, outcome)


def new_year(project: Path, fy: int, from_year: int | None = None, today: dt.date | None = None) -> list[str]:
    project, fy = project.resolve(), _year(fy)
    from_year = None if from_year is None else _year(from_year)
    site_doc, year_dir = _site(project), project / "content" / str(fy)
    declared = _declared_years(site_doc)
    if _item_dirs(year_dir) or (fy in declared and year_dir.exists()):
        raise ScaffoldError(f"ปีงบประมาณ {fy} มีอยู่แล้ว", f"fiscal year {fy} already exists",
                            f"เพิ่มรายการด้วย (add items with): ita-site new item {fy} <รหัส>")
    if from_year == fy:
        raise ScaffoldError("--from ต้องเป็นปีอื่น", "--from must name another year", code=EXIT_USAGE)
    name = _catalogue_name(project, site_doc, fy, from_year)
    outcome = Outcome()
    target_cat = _catalogue_named(project, name) if name else year_catalogue(project, fy)
    th, en = catalogue.provisional_warning(fy, catalogue.latest_shipped() or "")
    provisional = {"id": target_cat.id, "th": th, "en": en} if target_cat and target_cat.provisional else None
    outcome.files.append((year_dir / "README.md", render("year-readme.md.j2", {
        "year": fy, "catalogue": name or "", "provisional": provisional, "digits": site_digits(project)})))
    if provisional:
        outcome.notes.append(f"คำเตือน: {th} (warning: {en}). เมื่อมีคู่มือ ITA ปี {fy} ให้เพิ่ม "
                             f"content/catalogues/nacc-{fy}.yaml (when the {fy} manual is out, add the official list)")
    if from_year is not None:
        _copy_year(project, from_year, fy, target_cat, today, outcome)
    if fy not in declared:
        outcome.site_yaml = add_year_entry(_site_text(project), fy, name)
        if str(fy) not in ((yaml.safe_load(outcome.site_yaml) or {}).get("years") or {}):
            raise ScaffoldError("เพิ่มปีใน site.yaml ให้อัตโนมัติไม่ได้", "cannot add the year to site.yaml automatically",
                                f'แก้เอง ใต้ years: เพิ่มบรรทัด  "{fy}": {{}} / add it under years: by hand')
    if target_cat is None:
        outcome.notes.append(f"ยังไม่มีบัญชีรายการของปี {fy} ในระบบ: ทุก item.yaml ต้องมี title เอง "
                             f"(no catalogue is known for {fy}: every item.yaml needs a title)")
    return apply(project, outcome)


# ---------------------------------------------------------------- fields of the templates

def _item_fields(code: str, fy: int, title: str, today: dt.date | None, digits: str) -> dict:
    return {"code": code, "folder": code.lower(), "year": fy, "title": title, "caption": "", "body": "",
            "summary": thai.to_digits(f"{FILL} สรุปสั้น ๆ ว่าหน้านี้มีข้อมูลอะไร", digits),
            "updated": (today or dt.date.today()).isoformat(),
            "note": thai.to_digits(f"{FILL} คำอธิบายสำหรับแบบ OIT ว่าข้อมูลอยู่ส่วนใดของหน้านี้", digits),
            "old_documents": [], "copied_from": None, "catalogue": "", "requirement": [], "table": ""}


def _indicator_fields(code, fy, number, title, ita_indicator, measures, steps, copied_from=None, *, digits) -> dict:
    return {"code": code, "year": fy, "number": number, "title": title, "ita_indicator": ita_indicator,
            "measures": measures, "steps": steps,
            "result": thai.to_digits(f"{FILL} ผลการดำเนินการตามมาตรการ ปี {fy}", digits),
            "copied_from": copied_from}


def _requirement(entry) -> list[str]:
    """Comment lines: what the catalogue asks for, so the webmaster sees it while writing."""
    if entry is None:
        return []
    lines = textwrap.wrap(f"ข้อกำหนด (requirement): {entry.requirement}", 96) if entry.requirement else []
    label = periods.PERIOD_LABELS.get(entry.period, {}).get("th", entry.period)
    lines.append(f"ช่วงเวลาของหลักฐาน (period): {label}")
    if not entry.confirmed:
        lines.append(f"{catalogue.UNCONFIRMED[0]} ({catalogue.UNCONFIRMED[1]})")
    return lines


def _copy_year(project: Path, src: int, fy: int, target_cat, today, outcome: Outcome) -> None:
    """Item folders of year `src` under their codes of year `fy` (the roll-over map): texts, indicators,
    measures and steps kept; dates, documents and results become "[กรอก]" placeholders for the new year."""
    folders = _item_dirs(project / "content" / str(src))
    if not folders:
        raise ScaffoldError(f"ปี {src} ไม่มีรายการให้คัดลอก (content/{src}/)", f"year {src} has no items to copy")
    docs = {}
    for folder in folders:
        doc = read_doc(folder / "item.yaml", relpath(project, folder / "item.yaml"), "item")
        docs[doc.data["code"]] = (folder, doc)
    src_cat = year_catalogue(project, src)
    if target_cat is None:            # no catalogue for the new year: every item keeps its code
        moves = [rollover.Move(code, "", (code,), rollover.CARRIED) for code in docs]
    else:
        moves = rollover.plan(target_cat, src, rollover.catalogues_of({src: src_cat} if src_cat else {}))
    for move in moves:
        present = [code for code in move.sources if code in docs]
        if present:
            _carry(project, move, [docs[code] for code in present], src, fy, target_cat, today, outcome)
    outcome.notes.extend(rollover.table(moves, src, fy, set(docs), list(docs)))


def _carry(project: Path, move, sources, src: int, fy: int, target_cat, today, outcome: Outcome) -> None:
    """One item of the new year from the items of `src` it carries on (several when they were merged)."""
    code, first = move.code, sources[0][1]
    entry = target_cat.get(code) if target_cat else None
    title, digits = (entry.title if entry else first.data.get("title") or f"{FILL} ชื่อรายการ"), site_digits(project)
    fields = _item_fields(code, fy, title, today, digits)
    fields.update({k: first.data.get(k, "") for k in ("caption", "summary", "note", "body") if first.data.get(k)})
    was = [code for code in move.sources if any(doc.data["code"] == code for _, doc in sources)]
    carried = [] if was == [code] else [f"สืบต่อจากรายการ {', '.join(was)} ของปี {src} (carries on {src} {', '.join(was)})"]
    fields.update(copied_from=src, catalogue=target_cat.id if target_cat else "", requirement=carried + _requirement(entry),
                  old_documents=[{k: d[k] for k in ("title", "file", "url") if k in d}
                                 for _, doc in sources for d in doc.data.get("documents") or []])
    fields["table"] = (entry.table if entry else "") or (first.data.get("table") or {}).get("kind", "")
    target = project / "content" / str(fy) / code.lower()
    outcome.files.append((target / "item.yaml", render("item.yaml.j2", fields, target / "item.yaml")))
    if fields["table"]:
        outcome.files.append(scaffold_rows.first_file(target, code, fy, fields["table"],
                                                      entry.period if entry else "monthly", digits))
    number = 0
    for folder, _doc in sources:
        for path in sorted(folder.iterdir()):
            if path.is_file() and load.INDICATOR_FILE.match(path.name):
                ind = read_doc(path, relpath(project, path), "indicator").data
                number = number + 1 if len(sources) > 1 else ind["number"]
                name = path.name if len(sources) == 1 else f"{number:02d}{path.name[2:]}"
                text = render("indicator.yaml.j2", _indicator_fields(
                    code, fy, number, ind["title"], ind.get("ita_indicator"), ind["measures"], ind["steps"], src,
                    digits=digits),
                    target / name)
                outcome.files.append((target / name, text))


# ---------------------------------------------------------------- catalogues and site.yaml

def year_catalogue(project: Path, fy: int) -> catalogue.Catalogue | None:
    """The catalogue a build would use for `fy` (site.yaml, the site's own catalogues, shipped ones)."""
    problems = Problems()
    found = catalogue.resolve(_site(project), _own_catalogues(project), [fy], problems).get(fy)
    if problems.errors():
        raise ScaffoldError("แก้ปัญหาใน site.yaml ก่อน", "fix site.yaml first",
                            details=[p.format() for p in problems.errors()])
    return found


def _catalogue_name(project: Path, site_doc: RawDoc, fy: int, from_year: int | None) -> str | None:
    """`<profile>-<fy>` when such a catalogue exists; the profile follows the --from year's."""
    profile = "nacc"
    if from_year is not None:
        previous = year_catalogue(project, _year(from_year))
        profile = previous.profile if previous else profile
    name = f"{profile}-{fy}"
    known = catalogue.shipped_names() + [doc.data["id"] for doc in _own_catalogues(project)]
    return name if name in known else None


def _catalogue_named(project: Path, name: str) -> catalogue.Catalogue | None:
    own = {doc.data["id"]: doc for doc in _own_catalogues(project)}
    return catalogue.from_doc(own[name]) if name in own else catalogue.load_shipped(name, Problems())


def _own_catalogues(project: Path) -> list[RawDoc]:
    folder = project / "content" / "catalogues"
    paths = sorted(folder.glob("*.y*ml")) if folder.is_dir() else []
    return [read_doc(p, relpath(project, p), "catalogue") for p in paths]


def _site(project: Path) -> RawDoc:
    if not (project / "content" / "site.yaml").is_file():
        raise ScaffoldError("ไม่พบไฟล์ content/site.yaml", "content/site.yaml not found",
                            "รันคำสั่งในโฟลเดอร์ของเว็บไซต์ หรือใช้ --project / run it in the site folder or use --project")
    return read_doc(project / "content" / "site.yaml", "content/site.yaml", "site")


def _site_text(project: Path) -> str:
    return (project / "content" / "site.yaml").read_bytes().decode("utf-8-sig").replace("\r\n", "\n")


def _declared_years(site_doc: RawDoc) -> set[int]:
    return {int(fy) for fy in (site_doc.data.get("years") or {})}


def _item_dirs(year_dir: Path) -> list[Path]:
    if not year_dir.is_dir():
        return []
    return [p for p in sorted(year_dir.iterdir()) if p.is_dir() and load.ITEM_DIR.match(p.name)
            and (p / "item.yaml").is_file()]


def _next_number(item_dir: Path) -> int:
    numbers = [0]
    for path in item_dir.iterdir():
        if load.INDICATOR_FILE.match(path.name):
            numbers.append(int(path.name[:2]))
            try:
                numbers.append(int((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("number") or 0))
            except (yaml.YAMLError, ValueError, TypeError, AttributeError, UnicodeDecodeError):
                pass
    return max(numbers) + 1


def _year(value: int | str) -> int:
    value = thai.to_digits(str(value).strip(), "arabic")     # ๒๕๖๘ is 2568
    if not load.YEAR_DIR.match(value):
        raise ScaffoldError(f"ปีงบประมาณ '{value}' ใช้ไม่ได้", f"bad fiscal year '{value}'",
                            "ใช้ปี พ.ศ. 4 หลัก เช่น 2568 / a Buddhist Era year such as 2568", EXIT_USAGE)
    return int(value)


def _folder(code: str) -> str:
    folder = code.strip().lower()
    if not load.ITEM_DIR.match(folder):
        raise ScaffoldError(f"รหัสรายการ '{code}' ใช้ไม่ได้", f"bad item code '{code}'",
                            "เช่น o1, o12, o43 / for example o12", EXIT_USAGE)
    return folder


def catalogue_only_year(project, fy: int, say) -> list:
    """A year the site has not started: every item of its catalogue, all missing (none when no catalogue)."""
    try:
        cat = year_catalogue(project, fy)
    except ScaffoldError:
        return []
    if cat is None:
        return []
    say(f"ปี {fy} ยังไม่มีในเว็บไซต์: แสดงทุกรายการของบัญชี {cat.id} ว่ายังไม่เผยแพร่ "
        f"(the site has no {fy} yet: every item of {cat.id} is listed as missing)")
    return [Year(fy, cat.id, url=urls.year(fy), oit=cat)]
