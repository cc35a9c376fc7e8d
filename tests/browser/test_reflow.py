"""Reflow (WCAG 1.4.10): no horizontal scrolling at 320 CSS px or at 200 % zoom."""

from .conftest import ITEM
from .page_checks import row_displays, scroll_width


def _overflowing_pages(page, site, width):
    problems = []
    for path in site.pages:
        page.goto(site.url(path))
        measured = scroll_width(page)
        if measured["scrollWidth"] > width:
            problems.append(f"{path}: scrollWidth {measured['scrollWidth']} > {width}")
    return problems


def test_no_horizontal_scrolling_at_320px(new_page, site):
    page = new_page(viewport={"width": 320, "height": 640})
    problems = _overflowing_pages(page, site, 320)
    assert not problems, "\n".join(problems)


def test_no_horizontal_scrolling_at_200_percent_zoom(new_page, site):
    # 1280x800 at 200 % zoom lays out like a 640x400 CSS-pixel viewport at scale 2.
    page = new_page(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    problems = _overflowing_pages(page, site, 640)
    assert not problems, "\n".join(problems)


def test_measures_table_is_stacked_at_320px(new_page, default_site):
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(default_site.url(ITEM))
    rows = row_displays(page, "table.measures tr")
    assert rows, "item page has no table.measures rows"
    assert set(rows) <= {"block", "grid"}, f"rows are not stacked at 320 px: {sorted(set(rows))}"
