"""Print stylesheet: no navigation, external links show their URL, rows do not split."""

from .page_checks import add_external_link_probe, displays, external_link_afters, row_break_inside


def _print_page(new_page):
    page = new_page(viewport={"width": 1280, "height": 800})
    page.emulate_media(media="print")
    return page


def test_navigation_and_skip_link_are_hidden_in_print(new_page, site):
    page = _print_page(new_page)
    problems, seen = [], 0
    for path in site.pages:
        page.goto(site.url(path))
        shown = [d for d in displays(page, "nav, .skip-link") if d != "none"]
        seen += len(displays(page, "nav, .skip-link"))
        if shown:
            problems.append(f"{path}: {len(shown)} nav/.skip-link element(s) printed")
    assert seen, "no nav or .skip-link on any page: nothing was checked"
    assert not problems, "\n".join(problems)


def test_external_links_print_their_url(new_page, site):
    page = _print_page(new_page)
    problems = []
    for path in site.pages:
        page.goto(site.url(path))
        add_external_link_probe(page)  # so every page is checked, whatever its content
        for link in external_link_afters(page):
            if link["href"] not in link["after"]:
                problems.append(f"{path}: {link['href']} prints ::after {link['after']!r}")
    assert not problems, "\n".join(problems[:20])


def test_table_rows_do_not_break_across_pages(new_page, site):
    page = _print_page(new_page)
    problems, rows_seen = [], 0
    for path in site.pages:
        page.goto(site.url(path))
        values = row_break_inside(page, "tr")
        rows_seen += len(values)
        split = [v for v in values if v != "avoid"]
        if split:
            problems.append(f"{path}: {len(split)} row(s) with break-inside {sorted(set(split))}")
    assert rows_seen, "no table row on any page: nothing was checked"
    assert not problems, "\n".join(problems)
