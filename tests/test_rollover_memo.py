"""The roll-over map's shortcuts give the answers of the plain walk: the memo of `predecessors` (link_years
asks every year about every earlier one) and link_years' kept answer, on random catalogues whose items
continue items of earlier years (gaps, merges, splits, missing codes and catalogues included)."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from ita_site.content.catalogue import Catalogue, CatalogueItem
from ita_site.model import rollover

YEARS = (2560, 2561, 2562, 2563, 2564)
CODES = ("O1", "O2", "O3")


def _item(code: str, continues) -> CatalogueItem:
    return CatalogueItem(code, f"title {code}", "G", "group", "", "", "year", "verified", (), continues)


def refs(year: int):
    earlier = [y for y in YEARS if y < year]
    if not earlier:
        return st.just(())
    return st.lists(st.tuples(st.sampled_from(earlier), st.sampled_from(CODES)).map(lambda r: f"{r[0]}/{r[1]}"),
                    max_size=3).map(tuple)


def catalogue_items(year: int):
    return st.lists(st.tuples(st.sampled_from(CODES), st.none() | refs(year)), max_size=4)


sites = st.fixed_dictionaries({
    year: st.tuples(catalogue_items(year), st.none() | st.sampled_from([y for y in YEARS if y < year] or [None]))
    for year in YEARS})


def _catalogues(drawn) -> dict[int, Catalogue]:
    known = {}
    for year, (entries, previous) in drawn.items():
        if entries or previous:
            known[year] = Catalogue(f"c-{year}", "test", year, "t", items=[_item(c, r) for c, r in entries],
                                    previous=previous)
    return known


@settings(max_examples=150, deadline=None)
@given(sites, st.randoms(use_true_random=False))
def test_predecessors_with_a_memo_answer_as_without(drawn, rnd):
    known = _catalogues(drawn)
    cat_of = lambda fy: known.get(fy)                      # noqa: E731 - no shipped catalogues here
    questions = [(cat, code, year) for cat in known.values() for code in CODES for year in YEARS]
    rnd.shuffle(questions)
    memo: dict = {}
    for cat, code, year in questions + questions:          # asked twice: the second answers come from the memo
        assert rollover.predecessors(cat, code, year, cat_of, memo=memo) == \
            rollover.predecessors(cat, code, year, cat_of), (cat.year, code, year)


def _site(places):
    """A model.Site with items at (year, code) places only (link_years reads years, items, codes, URLs)."""
    import datetime

    from ita_site.model import site as model

    years = {}
    for fy, code in places:
        year = years.setdefault(fy, model.Year(fy, f"c-{fy}", url=f"{fy}/"))
        year.items.append(model.Item(fy, code, f"title {fy} {code}", "", "", datetime.date(2021, 1, 1), "", "", [],
                                     "", url=f"{fy}/{code.lower()}/"))
    return model.Site.__new__(model.Site), [years[fy] for fy in sorted(years)]


def _other_years(known, places):
    site, years = _site(places)
    site.years = years
    rollover.link_years(site, known)
    return {(i.year, i.code): [(o.year, o.code, o.successor) for o in i.other_years] for y in years for i in y.items}


@settings(max_examples=100, deadline=None)
@given(sites, sites, st.lists(st.tuples(st.sampled_from(YEARS), st.sampled_from(CODES)), unique=True, max_size=10))
def test_link_years_answers_for_the_catalogues_and_items_it_is_given(first, second, places):
    """link_years keeps its last answer for the same catalogues and items: after other catalogues (a map
    edited in serve) it answers as a first call would, links both ways, oldest first."""
    known_second = _catalogues(second)
    _other_years(_catalogues(first), places)                  # a first answer, kept
    got = _other_years(known_second, places)
    rollover._LAST_LINKS.clear()
    assert got == _other_years(known_second, places)           # as without the kept answer
    for (fy, code), others in got.items():
        assert others == sorted(others)
        for ofy, ocode, successor in others:
            assert successor == (ofy > fy) and (fy, code, not successor) in got[(ofy, ocode)]


def test_catalogues_that_continue_each_other_end_at_once():
    """A catalogue continuing a later one (catalogue.check reports it) is never followed: two catalogues that
    continue each other three ways once took 3**40 steps. Asked from another thread, so a regression fails here
    instead of hanging the suite."""
    import threading

    def looping(year, other):
        return Catalogue(f"c-{year}", "test", year, "t", previous=other,
                         items=[_item(code, tuple(f"{other}/{c}" for c in CODES)) for code in CODES])

    known = {2569: looping(2569, 2570), 2570: looping(2570, 2569)}
    answers = {}
    worker = threading.Thread(target=lambda: answers.update(
        back=rollover.predecessors(known[2570], "O1", 2568, known.get),
        one=rollover.predecessors(known[2570], "O1", 2569, known.get)), daemon=True)
    worker.start()
    worker.join(10)
    assert answers == {"back": [], "one": list(CODES)}
