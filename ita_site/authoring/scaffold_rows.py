"""Scaffolding of table items: the first rows file, with one placeholder row from the kind's schema."""

from __future__ import annotations

from pathlib import Path

from ita_site import thai
from ita_site.authoring.scaffold_files import render, schema_ref
from ita_site.model import tables

FILL = "[กรอก]"


def first_period(fy: int, rule: str) -> str:
    """October of the fiscal year the evidence covers (the year before for a previous-fy item)."""
    return tables.first_month(fy - 1 if rule == "previous-fy" else fy)


def first_file(folder: Path, code: str, fy: int, kind: str, rule: str, digits: str) -> tuple[Path, str]:
    """rows/<first period>.yaml: one row of placeholders (text in the site's digits; the date field ISO)."""
    period = first_period(fy, rule)
    year, month = period.split("-")
    following = f"{year}-11" if month == "10" else period
    spec = tables.spec(kind)
    required = set(spec["definitions"]["row"]["required"])
    placeholder = {"no": 1, "baht": 0, "count": 0, "date": f"{int(year)}-{month}-01"}
    cells = [(c.key, placeholder.get("no" if c.key == "no" else c.type, thai.to_digits(f"{FILL} {c.title}", digits)))
             for c in tables.columns(kind) if c.key in required]
    optional = [(c.key, c.title) for c in tables.columns(kind) if c.key not in required]
    path = folder / "rows" / f"{period}.yaml"
    text = render("rows.yaml.j2", {"code": code, "year": fy, "folder": code.lower(), "period": period,
                                   "label": tables.Period(period, [], "", "", "").label(), "next": following,
                                   "none_text": spec["x-none"], "required": cells, "optional": optional,
                                   "schema": schema_ref(path, f"rows-{kind}")})
    return path, text
