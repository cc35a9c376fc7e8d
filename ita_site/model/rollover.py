"""The roll-over map: which item of one fiscal year carries on which items of another.

Each catalogue item lists the earlier items it continues (`continues: ["2567/O1", "2567/O3"]`; `[]` for a
new item); without the key it continues the same code of the catalogue's `previous` year. Following those
links back through the catalogues in between gives, for any two years, the codes an item came from:
2569 O26 <- 2567 O43 <- 2566 O43 <- 2564 O43. `ita-site new year --from` uses it to carry items under their
new codes, and item pages use it to link "this item in other years".
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from ita_site import urls
from ita_site.content import catalogue
from ita_site.errors import Problems
from ita_site.model import site as model

CARRIED, MERGED, SPLIT, NEW = "carried", "merged", "split", "new"
KIND_TH = {CARRIED: "ยกมา", MERGED: "รวมจากหลายรายการ", SPLIT: "แยกจากรายการเดียว", NEW: "รายการใหม่"}

CatalogueOf = Callable[[int], "catalogue.Catalogue | None"]


@functools.lru_cache(maxsize=None)
def _shipped(fy: int) -> catalogue.Catalogue | None:
    name = f"nacc-{fy}"
    return catalogue.load_shipped(name, Problems()) if name in catalogue.shipped_names() else None


def catalogues_of(known: dict[int, catalogue.Catalogue]) -> CatalogueOf:
    """The catalogue of any year: the site's (already resolved) first, else the shipped nacc-<year>."""
    return lambda fy: known.get(fy) or _shipped(fy)


def _refs(item: catalogue.CatalogueItem, cat: catalogue.Catalogue) -> tuple[tuple[int, str], ...]:
    if item.continues is not None:
        refs = item.continues
    else:
        refs = (f"{cat.previous}/{item.code}",) if cat.previous else ()
    return tuple((int(ref.split("/")[0]), ref.split("/")[1]) for ref in refs)


def predecessors(cat: catalogue.Catalogue, code: str, year: int, cat_of: CatalogueOf, depth: int = 0,
                 memo: dict | None = None) -> list[str]:
    """The codes of fiscal year `year` (< cat.year) that item `code` of `cat` carries on, in map order.
    `memo` (a dict kept by the caller while the catalogues are) holds the answers already found: a site
    of many years asks for the same links again from every later year. An answer cut short by the depth
    limit (a chain of more than forty catalogues) depends on its depth and is not kept."""
    if memo is None:
        return _predecessors(cat, code, year, cat_of, depth, None)
    key = (id(cat), code, year)
    known = memo.get(key)
    if known is not None and known[0] is cat:
        return list(known[1])
    cuts = memo.get(_CUT, 0)
    found = _predecessors(cat, code, year, cat_of, depth, memo)
    if memo.get(_CUT, 0) == cuts:
        memo[key] = (cat, found)
    return list(found)


_CUT = "depth limit reached"     # memo[_CUT]: how many times


def _predecessors(cat, code: str, year: int, cat_of: CatalogueOf, depth: int, memo: dict | None) -> list[str]:
    item = cat.get(code)
    if item is None:
        return []
    if depth > 40:
        if memo is not None:
            memo[_CUT] = memo.get(_CUT, 0) + 1
        return []
    if item.continues is None and not cat.previous:      # a catalogue without a map: codes are unchanged
        return [code]
    found: list[str] = []
    for ref_year, ref_code in _refs(item, cat):
        if ref_year >= cat.year:            # not an earlier year (catalogue.check says so): never followed, no loop
            continue
        if ref_year == year:
            found.append(ref_code)
        elif ref_year > year:
            earlier = cat_of(ref_year)
            # a year with no catalogue in between: its item is taken to keep its code
            found += predecessors(earlier, ref_code, year, cat_of, depth + 1, memo) if earlier else [ref_code]
        elif cat_of(year) is None:          # `year` itself has no catalogue: the code is taken as unchanged
            found.append(ref_code)
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Move:
    code: str                   # the code in the new year
    title: str
    sources: tuple[str, ...]    # the codes of the old year it carries on
    kind: str                   # carried | merged | split | new


def plan(target: catalogue.Catalogue, year: int, cat_of: CatalogueOf) -> list[Move]:
    """For every item of `target`, what it carries on from `year` and how (carried, merged, split, new)."""
    preds = {item.code: tuple(predecessors(target, item.code, year, cat_of)) for item in target.items}
    uses: dict[str, int] = {}
    for codes in preds.values():
        for code in codes:
            uses[code] = uses.get(code, 0) + 1
    moves = []
    for item in target.items:
        codes = preds[item.code]
        kind = NEW if not codes else MERGED if len(codes) > 1 else SPLIT if uses[codes[0]] > 1 else CARRIED
        moves.append(Move(item.code, item.title, codes, kind))
    return moves


def dropped(moves: list[Move], source_codes: list[str]) -> list[str]:
    """Codes of the old year that no item of the new year carries on."""
    used = {code for move in moves for code in move.sources}
    return [code for code in source_codes if code not in used]


def table(moves: list[Move], year: int, fy: int, present: set[str], source_codes: list[str]) -> list[str]:
    """The lines `new year --from` prints: each new item, where it comes from and what was made."""
    width = max((len(m.code) for m in moves), default=3)
    lines = [f"รายการปี {fy} จากปี {year} (items of {fy} from {year}):"]
    for move in moves:
        made = ("สร้างแล้ว (written)" if set(move.sources) & present else
                f"ไม่มีเนื้อหาในปี {year} ให้ยกมา (nothing to carry)" if move.sources else "ไม่ได้สร้าง (not written)")
        origin = f" <- {year} {', '.join(move.sources)}" if move.sources else ""
        lines.append(f"  {move.code:<{width}}  {KIND_TH[move.kind]} ({move.kind}){origin}: {made}")
    for code in dropped(moves, source_codes):
        if code in present:
            lines.append(f"  ข้าม {code}: ไม่มีรายการที่สืบต่อในบัญชีรายการของปี {fy} (skipped {code}: no successor in {fy})")
    return lines


def link_years(site: model.Site, known: dict[int, catalogue.Catalogue]) -> None:
    """Give every item the same item in the site's other years (`Item.other_years`), oldest first."""
    by_year = {year.number: {item.code: item for item in year.items} for year in site.years}
    links = _links(by_year, known)
    for year in site.years:             # made again on every assemble (serve keeps unchanged items)
        for item in year.items:
            others = (by_year[fy][code] for fy, code in links.get((year.number, item.code), ()))
            found = [model.OtherYear(o.year, o.code, o.title, o.url, successor=o.year > item.year) for o in others]
            if found != item.other_years:      # a kept item keeps its list while it is the same (serve's page keys)
                item.other_years = found


def _links(by_year: dict[int, dict], known: dict[int, catalogue.Catalogue]) -> dict[tuple, tuple]:
    """(year, code) of each item -> (year, code) of the same item in the site's other years, sorted. The last
    answer is kept for the same catalogues and items (serve asks again on every rebuild, at forty years a
    tenth of a second): the catalogues' years, previous years, codes and links, and the items' places."""
    key = ([(fy, cat.year, cat.previous, [(i.code, i.continues) for i in cat.items]) for fy, cat in sorted(known.items())],
           [(fy, sorted(items)) for fy, items in sorted(by_year.items())])
    if _LAST_LINKS and _LAST_LINKS[0] == key:
        return _LAST_LINKS[1]
    cat_of = catalogues_of(known)
    memo: dict = {}
    linked: dict[tuple, set] = {(fy, code): set() for fy, items in by_year.items() for code in items}
    for year, items in by_year.items():
        cat = known.get(year)
        for other in by_year:
            if other >= year or cat is None:
                continue
            for code in items:
                for old in predecessors(cat, code, other, cat_of, memo=memo):
                    if old in by_year[other]:
                        linked[(year, code)].add((other, old))
                        linked[(other, old)].add((year, code))
    links = {place: tuple(sorted(others)) for place, others in linked.items() if others}
    _LAST_LINKS[:] = [key, links]
    return links


_LAST_LINKS: list = []       # [key, links] of the last call (_links)


def relative_links(url: str, item: model.Item) -> list[dict]:
    return [{"year": o.year, "code": o.code, "title": o.title, "href": urls.relative(url, o.url),
             "successor": o.successor} for o in item.other_years]
