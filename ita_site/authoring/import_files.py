"""`ita-site import`: write an item's indicator files from a parsed table, losing nothing.

- the item code must be in the year's catalogue (the rule of `ita-site new item`);
- an item that already has indicator files is refused unless `replace`, which replaces all of them in
  one step (new files first, under temporary names, then renamed; old files the table does not
  produce are removed only after every new file is in place);
- item.yaml and the year's entry in site.yaml are written when missing, so that the next build passes;
- every text is validated before anything is written.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ita_site.content import load
from ita_site.authoring.importer import ParsedTable, indicator_yaml, read_table
from ita_site.authoring.scaffold_files import (ScaffoldError, _replace_site_yaml, add_year_entry, check_text, render,
                                              site_digits)

FILL = "[กรอก]"
_SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


def schema_ref(path: Path, kind: str) -> str:
    """Relative path from the file to <kind>.schema.json: a project copy above it, else the package's."""
    folder = path.parent.resolve()
    tail = Path("ita_site", "schemas", f"{kind}.schema.json")
    target = next((parent / tail for parent in folder.parents if (parent / tail).is_file()), _SCHEMAS / tail.name)
    return Path(os.path.relpath(target, folder)).as_posix()


@dataclass
class Imported:
    indicators: list[Path] = field(default_factory=list)   # indicator files written
    created: list[Path] = field(default_factory=list)      # item.yaml / site.yaml written or changed
    removed: list[Path] = field(default_factory=list)      # old indicator files replaced away
    notes: list[str] = field(default_factory=list)


def _check_code(item: str, year: int) -> str:
    if not load.ITEM_DIR.match(item.strip().lower()):
        raise ValueError(f"รหัสรายการไม่ถูกต้อง: {item!r} (เช่น O43) / invalid item code {item!r}, e.g. O43")
    if not 2400 <= int(year) <= 2999:
        raise ValueError(f"ปีงบประมาณต้องเป็น พ.ศ. เช่น 2564: {year} / year must be Buddhist Era, e.g. 2564")
    return item.strip().lower()


def _catalogue(project: Path, year: int):
    """The year's catalogue as a build would use it; a site without site.yaml gets the shipped one."""
    from ita_site.authoring import scaffold
    from ita_site.content import catalogue
    from ita_site.errors import Problems

    if (project / "content" / "site.yaml").is_file():
        try:
            return scaffold.year_catalogue(project, year)
        except ScaffoldError as exc:
            raise ValueError(exc.format()) from None
    name = f"nacc-{year}"
    return catalogue.load_shipped(name, Problems()) if name in catalogue.shipped_names() else None


def _item_yaml(path: Path, code: str, year: int, table: ParsedTable, entry, cat, today: dt.date, digits: str) -> str:
    from ita_site.authoring import scaffold

    fields = scaffold._item_fields(code, year, entry.title if entry else (table.caption or f"{FILL} ชื่อรายการ"),
                                   today, digits)
    fields.update(caption=table.caption if table.caption and entry else "", catalogue=cat.id if cat else "",
                  requirement=scaffold._requirement(entry))
    return render("item.yaml.j2", dict(fields, schema=schema_ref(path, "item")))


def import_table(source: Path, year: int, item: str, content_dir: Path, *,
                 replace: bool = False, today: dt.date | None = None) -> list[Path]:
    """Write content/<year>/<item>/NN-<slug>.yaml for every indicator of the table in source
    (and item.yaml and the year in site.yaml when missing); returns the indicator files."""
    return import_into(source, year, item, content_dir, replace=replace, today=today).indicators


def _refuse_rows_without_period(source: Path, item_yaml: Path, year: int) -> None:
    """A sheet (.xlsx) or a table item's rows are imported with --period, not as a measures table."""
    try:
        is_table = "table" in (yaml.safe_load(item_yaml.read_text(encoding="utf-8")) or {})
    except (OSError, yaml.YAMLError, TypeError):
        is_table = False
    if source.suffix.lower() in (".xlsx", ".xlsm") or is_table:
        raise ValueError(f"นำเข้าแถวของรายการตารางต้องระบุงวดด้วย --period เช่น --period {year - 1}-10 (ตุลาคม "
                         f"{year - 1}) หรือ --period {year}-q1 / a sheet of table rows needs its period: "
                         f"--period {year - 1}-10 (October) or --period {year}-q1")


def import_into(source: Path, year: int, item: str, content_dir: Path, *, replace: bool = False,
                today: dt.date | None = None) -> Imported:
    folder, year = _check_code(item, year), int(year)
    content_dir = Path(content_dir)
    project = content_dir.resolve().parent
    cat = _catalogue(project, year)
    entry = cat.get(folder.upper()) if cat else None
    if cat and entry is None:
        first, last = (cat.items[0].code, cat.items[-1].code) if cat.items else ("", "")
        raise ValueError(f"ไม่มีรายการ {folder.upper()} ในบัญชีรายการ {cat.id} ของปี {year}: ใช้รหัส {first}-{last}"
                         f" / {folder.upper()} is not in the {year} catalogue {cat.id} (valid codes: {first}-{last})")
    out_dir = content_dir / str(year) / folder
    _refuse_rows_without_period(Path(source), out_dir / "item.yaml", year)
    table = read_table(Path(source))
    targets = [out_dir / f"{ind.number:02d}-{ind.slug}.yaml" for ind in table.indicators]
    duplicates = sorted({t.name for t in targets if targets.count(t) > 1})
    if duplicates:
        raise ValueError(f"ตัวชี้วัดลำดับซ้ำกัน: {', '.join(duplicates)}: แก้เลขลำดับในตาราง"
                         f" / duplicate indicator numbers: fix the numbers in the table")
    existing = sorted(p for p in out_dir.iterdir() if load.INDICATOR_FILE.match(p.name)) if out_dir.is_dir() else []
    if existing and not replace:
        names = ", ".join(p.name for p in existing)
        raise FileExistsError(f"รายการนี้มีไฟล์ตัวชี้วัดอยู่แล้ว ไม่ได้เขียนทับ: {names} ใช้ --replace เพื่อแทนที่ทั้งหมด"
                              f" (indicator files exist, nothing written; use --replace to replace them all)")
    result = Imported()
    today = today or dt.date.today()
    files = [(t, indicator_yaml(ind, schema_ref(t, "indicator"))) for ind, t in zip(table.indicators, targets)]
    item_path = out_dir / "item.yaml"
    if not item_path.exists():
        files.append((item_path, _item_yaml(item_path, folder.upper(), year, table, entry, cat, today,
                                            site_digits(project))))
        result.notes.append(f"item.yaml: วันที่ updated เป็นวันนี้ ({today.isoformat()}) แก้เป็นวันที่ของรายงาน"
                            f" และแทนข้อความ [กรอก] / updated is today ({today.isoformat()}): set the report's"
                            f" date and replace the [กรอก] texts")
    site_path = content_dir / "site.yaml"
    site_text = _site_with_year(site_path, year, cat)
    for path, text in files + ([(site_path, site_text)] if site_text is not None else []):
        check_text(text, project, path.resolve())
    _write_all(files, out_dir)
    result.indicators = targets
    result.created = [p for p, _ in files[len(targets):]]
    result.removed = [p for p in existing if p not in targets]
    for path in result.removed:
        path.unlink()
    if site_text is not None:
        _replace_site_yaml(site_path, site_text)
        result.created.append(site_path)
    return result


def _site_with_year(site_path: Path, year: int, cat) -> str | None:
    if not site_path.is_file():
        return None
    import yaml

    raw = site_path.read_bytes().decode("utf-8-sig")
    text = raw.replace("\r\n", "\n")
    years = (yaml.safe_load(text) or {}).get("years") or {}
    if str(year) in {str(k) for k in years}:
        return None
    return add_year_entry(text, year, cat.id if cat else None)


def _write_all(files: list[tuple[Path, str]], out_dir: Path) -> None:
    """Every file under a temporary name first, then all renamed into place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    temps = []
    try:
        for path, text in files:
            temp = path.with_name(f".{path.name}.import-tmp")
            with open(temp, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            temps.append((temp, path))
    except OSError:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise
    for temp, path in temps:
        os.replace(temp, path)
