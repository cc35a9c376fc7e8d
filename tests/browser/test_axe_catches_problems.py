"""The checkers find real defects: a suite that cannot fail proves nothing.

tests/fixtures/broken_a11y/ holds a page with known accessibility defects, a
page with invalid HTML, and a clean control page (no false alarms).
"""

from .browser_support import format_violations, format_vnu
from .conftest import BROKEN_A11Y


def _rule_ids(violations):
    return {v["id"] for v in violations}


def test_axe_reports_missing_alt_and_low_contrast(page, broken_server, run_axe):
    page.goto(broken_server.url("/"))
    ids = _rule_ids(run_axe(page))
    assert "image-alt" in ids, ids
    assert "color-contrast" in ids, ids


def test_axe_reports_skipped_heading_level(page, broken_server, run_axe):
    # heading-order is a best-practice rule (no WCAG tag): run it by id.
    page.goto(broken_server.url("/"))
    assert "heading-order" in _rule_ids(run_axe(page, rules=["heading-order"]))


def test_axe_finds_nothing_on_the_control_page(page, broken_server, run_axe):
    page.goto(broken_server.url("/control/"))
    violations = run_axe(page) + run_axe(page, rules=["heading-order"])
    assert violations == [], format_violations(violations)


def test_vnu_reports_duplicate_id_and_unclosed_element(run_vnu):
    invalid = BROKEN_A11Y / "invalid.html"
    control = BROKEN_A11Y / "control" / "index.html"
    errors = run_vnu([invalid, control])
    messages = " | ".join(m["message"] for m in errors[invalid.resolve()])
    assert "Duplicate ID" in messages
    assert "Unclosed element" in messages
    assert errors[control.resolve()] == [], format_vnu(errors)
