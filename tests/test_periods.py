"""Thai fiscal years and OIT period rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ita_site.periods import (
    PERIOD_LABELS,
    PERIOD_RULES,
    fiscal_year,
    fiscal_year_bounds,
    in_period,
    period_bounds,
    period_label,
)

# BE = CE + 543 holds from 1 Jan 1941 (BE 2484), ita-domain.md §2.3
dates = st.dates(min_value=date(1941, 1, 1), max_value=date(2150, 12, 31))
fiscal_years = st.integers(min_value=2485, max_value=2690)


# ---- fiscal years -------------------------------------------------------------------

def test_fiscal_year_examples():
    assert fiscal_year(date(2020, 10, 1)) == 2564
    assert fiscal_year(date(2021, 9, 30)) == 2564
    assert fiscal_year(date(2020, 9, 30)) == 2563
    assert fiscal_year(date(2021, 10, 1)) == 2565
    assert fiscal_year(date(2024, 2, 29)) == 2567


def test_fiscal_year_bounds_example():
    assert fiscal_year_bounds(2565) == (date(2021, 10, 1), date(2022, 9, 30))


@given(dates)
def test_every_date_lies_in_the_bounds_of_its_fiscal_year(d):
    start, end = fiscal_year_bounds(fiscal_year(d))
    assert start <= d <= end


@given(fiscal_years)
def test_bounds_run_1_october_to_30_september(fy):
    start, end = fiscal_year_bounds(fy)
    assert (start.month, start.day) == (10, 1)
    assert (end.month, end.day) == (9, 30)
    assert end.year == start.year + 1 == fy - 543
    assert fiscal_year(start) == fiscal_year(end) == fy
    assert fiscal_year(start - timedelta(days=1)) == fy - 1
    assert fiscal_year(end + timedelta(days=1)) == fy + 1


# ---- period_bounds -------------------------------------------------------------------

def test_period_bounds_for_each_rule():
    fy = fiscal_year_bounds(2567)
    assert period_bounds("current-fy", 2567) == fy == (date(2023, 10, 1), date(2024, 9, 30))
    assert period_bounds("monthly", 2567) == fy
    assert period_bounds("previous-fy", 2567) == (date(2022, 10, 1), date(2023, 9, 30))
    assert period_bounds("first-half", 2567) == (date(2023, 10, 1), date(2024, 3, 31))
    assert period_bounds("plan-covering", 2567) is None
    assert period_bounds("any", 2567) is None


@given(fiscal_years)
def test_first_half_is_october_to_march_inside_the_year(fy):
    start, end = period_bounds("first-half", fy)
    fy_start, fy_end = fiscal_year_bounds(fy)
    assert start == fy_start and (end.month, end.day) == (3, 31) and end < fy_end


def test_unknown_rule_is_rejected():
    with pytest.raises(ValueError, match="quarterly"):
        period_bounds("quarterly", 2567)
    with pytest.raises(ValueError, match="unknown period rule"):
        in_period("yearly", 2567, date(2024, 1, 1))


# ---- in_period -----------------------------------------------------------------------

def test_current_fy():
    assert in_period("current-fy", 2564, date(2020, 10, 1))
    assert in_period("current-fy", 2564, date(2021, 9, 30))
    assert not in_period("current-fy", 2564, date(2020, 9, 30))  # last year's plan
    assert not in_period("current-fy", 2564, date(2021, 10, 1))


def test_previous_fy_annual_report():
    # ITA 2568 asks for the FY2567 annual report (ita-domain.md §1.4)
    assert in_period("previous-fy", 2568, date(2023, 10, 1), date(2024, 9, 30))
    assert not in_period("previous-fy", 2568, date(2024, 10, 1), date(2025, 9, 30))
    assert not in_period("previous-fy", 2568, date(2022, 9, 30))


def test_first_half_six_month_report():
    # GIT's O43 6-month report: ต.ค.64 - มี.ค.65 for ITA 2565
    assert in_period("first-half", 2565, date(2021, 10, 1), date(2022, 3, 31))
    assert in_period("first-half", 2565, date(2022, 3, 31))
    assert not in_period("first-half", 2565, date(2022, 4, 1))
    assert not in_period("first-half", 2565, date(2021, 10, 1), date(2022, 9, 30))


def test_monthly_summary():
    assert in_period("monthly", 2567, date(2023, 11, 1), date(2023, 11, 30))
    assert in_period("monthly", 2567, date(2024, 9, 1), date(2024, 9, 30))
    assert not in_period("monthly", 2567, date(2023, 9, 1), date(2023, 9, 30))


def test_plan_covering():
    assert in_period("plan-covering", 2567, date(2022, 10, 1), date(2027, 9, 30))  # 2566-2570
    assert in_period("plan-covering", 2567, date(2023, 10, 1), date(2024, 9, 30))  # exactly the FY
    assert not in_period("plan-covering", 2567, date(2018, 10, 1), date(2022, 9, 30))  # expired
    assert not in_period("plan-covering", 2567, date(2023, 10, 1), date(2024, 6, 30))  # ends early
    assert not in_period("plan-covering", 2567, date(2023, 10, 1))  # no end: cannot show cover


def test_any_accepts_every_document_even_undated():
    assert in_period("any", 2567, date(1997, 9, 2))
    assert in_period("any", 2567, None)


@pytest.mark.parametrize("rule", [r for r in PERIOD_RULES if r != "any"])
def test_undated_document_fails_dated_rules(rule):
    assert not in_period(rule, 2567, None)


def test_end_before_start_is_an_error():
    with pytest.raises(ValueError, match="before"):
        in_period("current-fy", 2567, date(2024, 3, 1), date(2024, 2, 1))


@given(dates)
def test_a_date_is_current_in_its_year_and_previous_in_the_next(d):
    fy = fiscal_year(d)
    assert in_period("current-fy", fy, d)
    assert in_period("previous-fy", fy + 1, d)
    assert not in_period("previous-fy", fy, d)
    assert in_period("first-half", fy, d) == (d.month >= 10 or d.month <= 3)


@given(dates, dates)
def test_span_within_bounds_iff_both_ends_inside(a, b):
    start, end = min(a, b), max(a, b)
    fy = fiscal_year(start)
    assert in_period("current-fy", fy, start, end) == (fiscal_year(end) == fy)


# ---- labels --------------------------------------------------------------------------

def test_labels_cover_every_rule_in_thai_and_english():
    assert set(PERIOD_LABELS) == set(PERIOD_RULES)
    def has_thai(text):
        return any("\u0e00" <= ch <= "\u0e7f" for ch in text)

    for rule in PERIOD_RULES:
        assert has_thai(PERIOD_LABELS[rule]["th"])
        assert PERIOD_LABELS[rule]["en"] and not has_thai(PERIOD_LABELS[rule]["en"])
    assert period_label("previous-fy") == "ย้อนหลัง 1 ปีงบประมาณ"
    assert period_label("current-fy", "en") == "Current fiscal year"
