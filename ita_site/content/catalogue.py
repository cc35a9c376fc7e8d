"""OIT catalogues: which items a fiscal year asks for, keyed by profile and year.

A catalogue is data (ita_site/catalogues/<id>.yaml, or the site's own content/catalogues/<id>.yaml,
which wins), validated by catalogue.schema.json like every other content file. site.yaml names the
catalogue of each fiscal year; a year it does not name uses `nacc-<year>` when we ship one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ita_site.content import source, validate, yamldoc
from ita_site.errors import Problems
from ita_site.content.load import RawDoc

PACKAGE_CATALOGUES = Path(__file__).parents[1] / "catalogues"


@dataclass(frozen=True)
class CatalogueItem:
    code: str
    title: str
    group_code: str
    group_title: str
    subgroup: str
    requirement: str
    period: str
    confidence: str


@dataclass
class Catalogue:
    id: str
    profile: str
    year: int
    title: str
    groups: list[tuple[str, str]] = field(default_factory=list)
    items: list[CatalogueItem] = field(default_factory=list)

    def get(self, code: str) -> CatalogueItem | None:
        return next((item for item in self.items if item.code == code), None)


def from_doc(doc: RawDoc) -> Catalogue:
    data = doc.data
    cat = Catalogue(data["id"], data["profile"], int(data["year"]), data["title"])
    for group in data["groups"]:
        cat.groups.append((group["code"], group["title"]))
        for item in group["items"]:
            cat.items.append(CatalogueItem(
                item["code"], item["title"], group["code"], group["title"], item.get("subgroup", ""),
                item.get("requirement", ""), item["period"], item["confidence"]))
    return cat


def shipped_names() -> list[str]:
    return sorted(p.stem for p in PACKAGE_CATALOGUES.glob("*.yaml"))


def load_shipped(name: str, problems: Problems) -> Catalogue | None:
    path = PACKAGE_CATALOGUES / f"{name}.yaml"
    rel = f"ita_site/catalogues/{name}.yaml"
    text = source.read_text(path, rel, problems)
    parsed = yamldoc.parse(text, rel, problems) if text is not None else None
    if parsed is None:
        return None
    docs = validate.check_documents([RawDoc(rel, "catalogue", parsed[0], parsed[1])], problems)
    return from_doc(docs[0]) if docs else None


def resolve(site_doc: RawDoc, site_catalogues: list[RawDoc], years: list[int],
            problems: Problems) -> dict[int, Catalogue]:
    """The catalogue of every fiscal year the site has (declared in site.yaml or found in content/)."""
    own = {doc.data["id"]: doc for doc in site_catalogues}
    declared = {int(fy): (spec or {}).get("catalogue") for fy, spec in (site_doc.data.get("years") or {}).items()}
    result: dict[int, Catalogue] = {}
    for fy in sorted(set(years) | set(declared)):
        name = declared.get(fy) or f"nacc-{fy}"
        if name in own:
            result[fy] = from_doc(own[name])
        elif name in shipped_names():
            cat = load_shipped(name, problems)
            if cat:
                result[fy] = cat
        elif declared.get(fy):
            line, col = site_doc.positions.of(("years", str(fy), "catalogue"))
            problems.add(site_doc.rel, line, col, f"ไม่พบบัญชีรายการ '{name}'", f"unknown catalogue '{name}'",
                         "ใช้หนึ่งใน (use one of): " + ", ".join(shipped_names() + sorted(own))
                         + " หรือเพิ่มไฟล์ content/catalogues/<id>.yaml / or add your own file")
            continue
        if fy in result and result[fy].year != fy:
            line, col = site_doc.positions.of(("years", str(fy), "catalogue"))
            problems.add(site_doc.rel, line, col, f"บัญชีรายการ '{name}' เป็นของปี {result[fy].year} ไม่ใช่ {fy}",
                         f"catalogue '{name}' is for {result[fy].year}, not {fy}", severity="warning")
    return result
