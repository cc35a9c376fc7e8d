"""Phone layout at 360 CSS px: a compact header whose menu folds (no script needed) while search stays
in view, the item page's list of indicators before its long table, and a way back to the top."""

from __future__ import annotations

from .conftest import INDICATOR, ITEM

PHONE = {"width": 360, "height": 800}


def _box(page, selector: str) -> dict:
    return page.eval_on_selector(selector, "e => { const r = e.getBoundingClientRect(); "
                                           "return {top: r.top, bottom: r.bottom, height: r.height}; }")


def test_header_is_compact_and_menu_folds_without_javascript(new_page, default_site):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(default_site.url(ITEM))
    header = _box(page, ".site-header")
    assert header["height"] <= PHONE["height"] * 0.2, f"header is {header['height']:.0f}px tall"
    search = page.locator(".site-header .site-search input")
    assert search.is_visible() and _box(page, ".site-header .site-search input")["bottom"] <= header["bottom"]
    nav_link = page.locator(".site-nav a").first
    assert not nav_link.is_visible()                                    # folded
    page.click(".site-menu > summary")
    assert nav_link.is_visible()                                        # unfolded by the <details> itself
    page.fill(".site-header .site-search input", "มาตรการ")
    page.click(".site-header .site-search button")                     # a plain GET form: no script needed
    assert "/search/?q=" in page.url


def test_menu_is_open_on_wide_screens(new_page, default_site):
    page = new_page(viewport={"width": 1280, "height": 800})
    page.goto(default_site.url(ITEM))
    assert page.locator(".site-nav a").first.is_visible()
    assert not page.locator(".site-menu > summary").is_visible()


def test_indicator_list_comes_before_the_table(new_page, default_site):
    page = new_page(viewport=PHONE)
    page.goto(default_site.url(ITEM))
    links = _box(page, "ol.indicator-links")
    table = _box(page, "table.measures")
    assert links["bottom"] <= table["top"]
    assert links["top"] < PHONE["height"] * 1.5, "the indicator list is not near the top of the page"


def test_long_pages_offer_back_to_top(new_page, default_site):
    page = new_page(viewport=PHONE)
    for path in (ITEM, INDICATOR):
        page.goto(default_site.url(path))
        link = page.locator(".back-to-top a")
        assert link.get_attribute("href") == "#top" and page.locator("#top").count() == 1
        link.scroll_into_view_if_needed()
        assert page.evaluate("() => window.scrollY") > 0
        link.click()
        page.wait_for_function("() => window.scrollY === 0")
