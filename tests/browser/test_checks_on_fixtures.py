"""The keyboard, reflow and print checks pass a good page and fail a broken one."""

from .page_checks import (
    add_external_link_probe,
    displays,
    external_link_afters,
    first_tab_target,
    focus_indicator_problems,
    row_break_inside,
    scroll_width,
    tab_order_problems,
)


def test_keyboard_checks_pass_the_control_page(page, broken_server):
    page.goto(broken_server.url("/control/"))
    target = first_tab_target(page)
    assert target["matches_skip_link"] and target["inside"], target
    page.goto(broken_server.url("/control/"))
    order_problems, records = tab_order_problems(page)
    assert order_problems == []
    assert len(records) == 4  # skip link, two nav links, the report link
    assert focus_indicator_problems(records) == []


def test_keyboard_checks_catch_a_missing_skip_link_and_focus_indicator(page, broken_server):
    page.goto(broken_server.url("/"))
    assert not first_tab_target(page)["matches_skip_link"]
    page.goto(broken_server.url("/"))
    _, records = tab_order_problems(page)
    problems = focus_indicator_problems(records)
    assert len(problems) == 1 and "no-focus" in problems[0], problems


def test_tab_order_check_catches_a_positive_tabindex(page, broken_server):
    page.goto(broken_server.url("/control/"))
    page.evaluate("() => document.querySelector('a[href=\"https://example.org/report.pdf\"]').tabIndex = 1")
    order_problems, _ = tab_order_problems(page)
    assert order_problems, "a link pulled ahead with tabindex=1 must break DOM order"


def test_reflow_check_catches_a_too_wide_box(new_page, broken_server):
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(broken_server.url("/"))
    assert scroll_width(page)["scrollWidth"] > 320
    page.goto(broken_server.url("/control/"))
    assert scroll_width(page)["scrollWidth"] <= 320


def _print_facts(page):
    add_external_link_probe(page)
    return {
        "hidden": set(displays(page, "nav, .skip-link")) == {"none"},
        "urls": all(link["href"] in link["after"] for link in external_link_afters(page)),
        "rows": set(row_break_inside(page, "tr")) == {"avoid"},
    }


def test_print_checks_pass_the_control_page_only_in_print(new_page, broken_server):
    page = new_page()
    page.goto(broken_server.url("/control/"))
    assert _print_facts(page) == {"hidden": False, "urls": False, "rows": False}
    page.emulate_media(media="print")
    page.goto(broken_server.url("/control/"))
    assert _print_facts(page) == {"hidden": True, "urls": True, "rows": True}
