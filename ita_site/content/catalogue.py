"""OIT catalogues: which items a fiscal year asks for, keyed by profile and year.

A catalogue is data (ita_site/catalogues/<id>.yaml, or the site's own content/catalogues/<id>.yaml,
which wins), validated by catalogue.schema.json like every other content file. site.yaml names the
catalogue of each fiscal year; a year it does not name uses `nacc-<year>` when we ship one.

A site's catalogue may `extends: nacc-2569` and list in `items` only the titles it corrects and the items
it adds. A year later than every shipped catalogue gets a provisional one: the latest shipped list with
every item marked unconfirmed, and a warning, until the site supplies the official list.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from ita_site.content import source, validate, yamldoc
from ita_site.errors import Problems
from ita_site.content.load import RawDoc

PACKAGE_CATALOGUES = Path(__file__).parents[1] / "catalogues"
UNCONFIRMED = ("ชื่อรายการยังไม่ยืนยัน: ตรวจกับคู่มือ ITA", "title not confirmed: check it against the ITA manual")


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
    sources: tuple[str, ...] = ()
    continues: tuple[str, ...] | None = None      # None: the same code of `previous`; (): a new item
    table: str = ""
    note: str = ""

    @property
    def confirmed(self) -> bool:
        """Is the title confirmed (two sources or the manual)? Otherwise pages and commands say so."""
        return self.confidence == "verified"


@dataclass
class Catalogue:
    id: str
    profile: str
    year: int
    title: str
    groups: list[tuple[str, str]] = field(default_factory=list)
    items: list[CatalogueItem] = field(default_factory=list)
    references: dict[str, str] = field(default_factory=dict)
    previous: int | None = None
    provisional: bool = False

    def get(self, code: str) -> CatalogueItem | None:
        return next((item for item in self.items if item.code == code), None)

    def unconfirmed(self) -> list[CatalogueItem]:
        return [item for item in self.items if not item.confirmed]


def _item(data: dict, group_code: str, group_title: str) -> CatalogueItem:
    continues = data.get("continues")
    return CatalogueItem(data["code"], data["title"], group_code, group_title, data.get("subgroup", ""),
                         data.get("requirement", ""), data["period"], data["confidence"],
                         tuple(data.get("sources") or ()), None if continues is None else tuple(continues),
                         data.get("table", ""), data.get("note", ""))


def from_doc(doc: RawDoc) -> Catalogue:
    data = doc.data
    cat = Catalogue(data["id"], data["profile"], int(data["year"]), data["title"],
                    references=dict(data.get("references") or {}), previous=data.get("previous"))
    for group in data.get("groups") or ():
        cat.groups.append((group["code"], group["title"]))
        for item in group["items"]:
            cat.items.append(_item(item, group["code"], group["title"]))
    return cat


def check(doc: RawDoc, problems: Problems) -> None:
    """Cross-field checks the schema cannot make: cited sources exist, codes are unique, groups or extends."""
    data = doc.data
    if not data.get("groups") and not data.get("extends"):
        problems.add(doc.rel, 1, 1, "บัญชีรายการต้องมี groups หรือ extends", "a catalogue needs groups or extends",
                     "เพิ่ม groups: (รายการทั้งหมด) หรือ extends: nacc-2569 (ต่อจากบัญชีที่มีอยู่) / add one of them")
    refs = set(data.get("references") or {})
    seen: set[str] = set()
    places = [(("groups", gi, "items", ii), item) for gi, group in enumerate(data.get("groups") or ())
              for ii, item in enumerate(group["items"])]
    places += [(("items", ii), item) for ii, item in enumerate(data.get("items") or ())]
    _check_years(doc, places, problems)
    for path, item in places:
        if item["code"] in seen:
            line, col = doc.positions.of(path + ("code",))
            problems.add(doc.rel, line, col, f"รหัส {item['code']} ซ้ำในบัญชีรายการ", f"code {item['code']} is listed twice")
        seen.add(item["code"])
        for index, ref in enumerate(item.get("sources") or ()):
            if ref not in refs:
                line, col = doc.positions.of(path + ("sources", index))
                problems.add(doc.rel, line, col, f"ไม่พบแหล่งข้อมูล {ref} ใน references", f"source {ref} is not in references",
                             "เพิ่ม " + ref + ": ... ใต้ references: / add it under references:")


def _check_years(doc: RawDoc, places: list[tuple], problems: Problems) -> None:
    """`previous` and every `continues` name a year before the catalogue's own: the roll-over map goes back in
    time only (a loop of catalogues continuing each other would have no end)."""
    year, previous = int(doc.data["year"]), doc.data.get("previous")
    hint = (f"ใช้ปีงบประมาณก่อนปี {year} เช่น {year - 1} / use a fiscal year before {year}, e.g. {year - 1}")
    if previous is not None and int(previous) >= year:
        line, col = doc.positions.of(("previous",))
        problems.add(doc.rel, line, col, f"previous ({previous}) ต้องเป็นปีก่อนปี {year} ของบัญชีรายการนี้",
                     f"previous ({previous}) must be a year before this catalogue's year {year}", hint)
    for path, item in places:
        for index, ref in enumerate(item.get("continues") or ()):
            if int(ref.split("/", 1)[0]) >= year:
                line, col = doc.positions.of(path + ("continues", index))
                problems.add(doc.rel, line, col, f"continues อ้างถึง {ref} ซึ่งไม่ใช่รายการของปีก่อนปี {year}",
                             f"continues names {ref}, which is not an item of a year before {year}", hint)


def extend(base: Catalogue, doc: RawDoc, problems: Problems) -> Catalogue:
    """A site's catalogue on top of `base`: its `items` override fields by code or add new items."""
    data = doc.data
    cat = dataclasses.replace(base, id=data["id"], profile=data["profile"], year=int(data["year"]), title=data["title"],
                              groups=list(base.groups), items=list(base.items),
                              references={**base.references, **(data.get("references") or {})},
                              previous=data.get("previous", base.previous), provisional=False)
    titles = dict(cat.groups)
    for index, change in enumerate(data.get("items") or ()):
        fields = {k: (tuple(v) if isinstance(v, list) else v) for k, v in change.items() if k != "group"}
        old = cat.get(change["code"])
        if old is not None:
            cat.items[cat.items.index(old)] = dataclasses.replace(old, **fields)
            continue
        missing = [k for k in ("group", "title", "period") if k not in change]
        if missing or change["group"] not in titles:
            line, col = doc.positions.of(("items", index, "code"))
            problems.add(doc.rel, line, col, f"รายการใหม่ {change['code']} ต้องมี group (ที่มีใน {base.id}), title และ period",
                         f"new item {change['code']} needs group (one of {base.id}), title and period",
                         "กลุ่มที่มี (groups): " + ", ".join(titles))
            continue
        fields.setdefault("confidence", "verified")
        new = CatalogueItem(change["code"], change["title"], change["group"], titles[change["group"]], "", "",
                            change["period"], fields.pop("confidence"))
        new = dataclasses.replace(new, **{k: v for k, v in fields.items() if k not in ("code", "title", "period")})
        in_group = [i for i, item in enumerate(cat.items) if item.group_code == new.group_code]
        cat.items.insert(in_group[-1] + 1 if in_group else len(cat.items), new)
    return cat


def provisional(base: Catalogue, fy: int) -> Catalogue:
    """`base` (the latest shipped list) for a later year: every item inferred, so every title is unconfirmed."""
    items = [dataclasses.replace(item, confidence="inferred", continues=(f"{base.year}/{item.code}",))
             for item in base.items]
    return dataclasses.replace(base, id=f"{base.profile}-{fy}-provisional", year=fy, items=items,
                               title=f"รายการ OIT ฉบับชั่วคราวของปีงบประมาณ พ.ศ. {fy} (รายการของ {base.id} "
                                     f"จนกว่าจะมีบัญชีทางการ)",
                               previous=base.year, provisional=True)


def shipped_names() -> list[str]:
    return sorted(p.stem for p in PACKAGE_CATALOGUES.glob("*.yaml"))


def latest_shipped(profile: str = "nacc") -> str | None:
    names = [n for n in shipped_names() if n.startswith(profile + "-") and n[len(profile) + 1:].isdigit()]
    return max(names, key=lambda n: int(n.rsplit("-", 1)[1]), default=None)


def load_shipped(name: str, problems: Problems) -> Catalogue | None:
    """A shipped catalogue: its file read, parsed and checked once per process while its size and mtime stay
    (serve rebuilds, every year of a provisional catalogue); the Catalogue is made anew from it each time."""
    path = PACKAGE_CATALOGUES / f"{name}.yaml"
    try:
        stat = path.stat()
        mark = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)
    except OSError:
        mark = None
    known = _SHIPPED.get(name)
    if mark is None or known is None or known[0] != mark:
        local = Problems()
        known = (mark, _checked_shipped(path, f"ita_site/catalogues/{name}.yaml", local), local.items)
        if mark is not None:
            _SHIPPED[name] = known
    problems.items.extend(known[2])
    return from_doc(known[1]) if known[1] is not None else None


_SHIPPED: dict[str, tuple] = {}        # name -> (file mark, checked document or None, its problems)


def _checked_shipped(path: Path, rel: str, problems: Problems) -> RawDoc | None:
    text = source.read_text(path, rel, problems)
    parsed = yamldoc.parse(text, rel, problems) if text is not None else None
    if parsed is None:
        return None
    docs = validate.check_documents([RawDoc(rel, "catalogue", parsed[0], parsed[1])], problems)
    if docs:
        check(docs[0], problems)
    return docs[0] if docs else None


def named(name: str, own: dict[str, RawDoc], problems: Problems, seen: tuple = ()) -> Catalogue | None:
    """The catalogue `name`: the site's own file (which may extend another), else a shipped one."""
    if name in own and name not in seen:
        doc = own[name]
        check(doc, problems)
        base_name = doc.data.get("extends")
        if not base_name:
            return from_doc(doc)
        base = named(base_name, own, problems, seen + (name,))
        if base is None:
            line, col = doc.positions.of(("extends",))
            problems.add(doc.rel, line, col, f"ไม่พบบัญชีรายการ '{base_name}' ที่ extends อ้างถึง",
                         f"extends names an unknown catalogue '{base_name}'", "ใช้หนึ่งใน (use one of): " + ", ".join(shipped_names()))
            return None
        return extend(base, doc, problems)
    return load_shipped(name, problems) if name in shipped_names() else None


def resolve(site_doc: RawDoc, site_catalogues: list[RawDoc], years: list[int],
            problems: Problems) -> dict[int, Catalogue]:
    """The catalogue of every fiscal year the site has (declared in site.yaml or found in content/)."""
    own = {doc.data["id"]: doc for doc in site_catalogues}
    declared = {int(fy): (spec or {}).get("catalogue") for fy, spec in (site_doc.data.get("years") or {}).items()}
    result: dict[int, Catalogue] = {}
    for fy in sorted(set(years) | set(declared)):
        name = declared.get(fy) or f"nacc-{fy}"
        cat = named(name, own, problems)
        if cat is None and declared.get(fy):
            line, col = site_doc.positions.of(("years", str(fy), "catalogue"))
            problems.add(site_doc.rel, line, col, f"ไม่พบบัญชีรายการ '{name}'", f"unknown catalogue '{name}'",
                         "ใช้หนึ่งใน (use one of): " + ", ".join(shipped_names() + sorted(own))
                         + " หรือเพิ่มไฟล์ content/catalogues/<id>.yaml / or add your own file")
            continue
        if cat is None:
            cat = _provisional_for(fy, problems, site_doc)
            if cat is None:
                continue
        result[fy] = cat
        if cat.year != fy:
            line, col = site_doc.positions.of(("years", str(fy), "catalogue"))
            problems.add(site_doc.rel, line, col, f"บัญชีรายการ '{name}' เป็นของปี {cat.year} ไม่ใช่ {fy}",
                         f"catalogue '{name}' is for {cat.year}, not {fy}", severity="warning")
    return result


def _provisional_for(fy: int, problems: Problems, site_doc: RawDoc) -> Catalogue | None:
    latest = latest_shipped()
    if latest is None or fy <= int(latest.rsplit("-", 1)[1]):
        return None
    base = load_shipped(latest, problems)
    if base is None:
        return None
    line, col = site_doc.positions.of(("years", str(fy))) if str(fy) in (site_doc.data.get("years") or {}) else (0, 0)
    problems.add(site_doc.rel, line, col, provisional_warning(fy, latest)[0], provisional_warning(fy, latest)[1],
                 f"เมื่อ ป.ป.ช. ออกคู่มือปี {fy} ให้เพิ่ม content/catalogues/nacc-{fy}.yaml (extends: {latest} แล้วแก้รายการ) "
                 f"/ add the official list as content/catalogues/nacc-{fy}.yaml", severity="warning")
    return provisional(base, fy)


def provisional_warning(fy: int, latest: str) -> tuple[str, str]:
    return (f"ยังไม่มีบัญชีรายการ OIT ทางการของปี {fy}: ใช้รายการของ {latest} เป็นการชั่วคราว ทุกรายการยังไม่ยืนยัน",
            f"no official OIT catalogue for {fy} yet: the {latest} list is used provisionally, every item unconfirmed")
