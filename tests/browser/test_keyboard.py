"""Keyboard use of the default site: skip link first, DOM-order tabbing, visible focus."""

import pytest

from .conftest import HOME, ITEM
from .page_checks import active_element, first_tab_target, focus_indicator_problems, tab_order_problems

PAGES = [HOME, ITEM]


@pytest.mark.parametrize("path", PAGES)
def test_first_tab_focuses_a_visible_skip_link(page, default_site, path):
    page.goto(default_site.url(path))
    target = first_tab_target(page)
    assert target["matches_skip_link"], f"first Tab focused something else: {target}"
    assert target["href"] == "#main"
    assert target["width"] > 0 and target["height"] > 0, f"skip link has no size when focused: {target}"
    assert target["inside"], f"focused skip link is not inside the viewport: {target}"


@pytest.mark.parametrize("path", PAGES)
def test_enter_on_skip_link_moves_focus_to_main(page, default_site, path):
    page.goto(default_site.url(path))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    try:
        page.wait_for_function("() => document.activeElement.id === 'main'", timeout=2000)
    except Exception:  # noqa: BLE001 - the assertion below reports what has focus
        pass
    assert active_element(page) == {"tag": "main", "id": "main", "tabindex": "-1"}


@pytest.mark.parametrize("path", PAGES)
def test_tab_reaches_every_control_in_order_with_visible_focus(page, default_site, path):
    page.goto(default_site.url(path))
    order_problems, records = tab_order_problems(page)
    assert not order_problems, "\n".join(order_problems)
    indicator_problems = focus_indicator_problems(records)
    assert not indicator_problems, "\n".join(indicator_problems)
