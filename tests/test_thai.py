"""Thai digits, Buddhist-Era dates, fiscal years, sizes and list markers."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ita_site import thai
from ita_site.thai import (
    fiscal_year,
    format_size,
    iso_date,
    REAL_YEARS,
    parse_date,
    strip_list_marker,
    thai_date,
    to_digits,
)

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
# Years >= 2400 are read back as Buddhist Era, so the round trip holds for CE years below that.
ce_dates = st.dates(max_value=date(2399, 12, 31))


# --- digits -------------------------------------------------------------------------------

def test_to_digits_converts_both_ways_and_keeps_other_characters():
    assert to_digits("โทร 074-724-404", "thai") == "โทร ๐๗๔-๗๒๔-๔๐๔"
    assert to_digits("สายด่วน ๑๕๖๗", "arabic") == "สายด่วน 1567"
    assert to_digits(2564, "thai") == "๒๕๖๔"


def test_to_digits_rejects_unknown_style():
    with pytest.raises(ValueError, match="thai"):
        to_digits("1", "roman")


@given(st.text().filter(lambda s: not any(c in THAI_DIGITS for c in s)))
def test_to_digits_round_trips(text):
    thai = to_digits(text, "thai")
    assert not any(c in ARABIC_DIGITS for c in thai)
    assert to_digits(thai, "arabic") == text


# --- dates --------------------------------------------------------------------------------

def test_thai_date_full_and_short():
    d = date(2021, 1, 8)
    assert thai_date(d, "arabic") == "8 มกราคม 2564"
    assert thai_date(d, "thai") == "๘ มกราคม ๒๕๖๔"
    assert thai_date(d, "arabic", style="short") == "8 ม.ค. 64"
    assert thai_date(date(2024, 10, 1), "thai", style="short") == "๑ ต.ค. ๖๗"
    assert thai_date(date(2043, 12, 31), "arabic", style="short") == "31 ธ.ค. 86"


def test_thai_date_rejects_unknown_style():
    with pytest.raises(ValueError):
        thai_date(date(2021, 1, 8), "thai", style="long")


@given(st.dates(), st.sampled_from(["full", "short"]))
def test_thai_date_with_thai_digits_has_no_arabic_digit(d, style):
    assert not any(c in ARABIC_DIGITS for c in thai_date(d, "thai", style=style))


@given(st.dates())
def test_thai_date_full_shows_buddhist_era_year(d):
    assert thai_date(d, "arabic").endswith(f" {d.year + 543}")


@given(ce_dates.filter(lambda d: d.year in REAL_YEARS))
def test_parse_date_reads_iso_date_back(d):
    assert parse_date(iso_date(d)) == d


@given(ce_dates.filter(lambda d: d.year not in REAL_YEARS))
def test_a_year_that_cannot_be_real_is_refused(d):
    with pytest.raises(ValueError, match="cannot be real"):
        parse_date(iso_date(d))


def test_iso_date_is_common_era():
    assert iso_date(date(2021, 1, 8)) == "2021-01-08"


@pytest.mark.parametrize("text", ["2564-01-08", "2021-01-08", "๒๕๖๔-๐๑-๐๘", " 2564-1-8 "])
def test_parse_date_reads_buddhist_era_and_thai_digits(text):
    assert parse_date(text) == date(2021, 1, 8)


def test_parse_date_applies_buddhist_era_rule_to_date_objects():
    # PyYAML turns an unquoted 2564-01-08 into date(2564, 1, 8).
    assert parse_date(date(2564, 1, 8)) == date(2021, 1, 8)
    assert parse_date(date(2021, 1, 8)) == date(2021, 1, 8)


@pytest.mark.parametrize("text", ["2021-02-30", "2564-02-30", "2021-13-01", "2023-02-29"])
def test_parse_date_rejects_impossible_dates_in_thai_and_english(text):
    with pytest.raises(ValueError) as info:
        parse_date(text)
    message = str(info.value)
    assert "ไม่มีวันที่นี้" in message and "impossible date" in message


@pytest.mark.parametrize("text", ["", "8/1/2564", "2021-01-08T00:00", "๘ มกราคม ๒๕๖๔", "21-01-08"])
def test_parse_date_rejects_other_formats(text):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date(text)


def test_parse_date_accepts_leap_day_in_buddhist_era():
    assert parse_date("2567-02-29") == date(2024, 2, 29)


# --- fiscal year --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("d", "fy"),
    [
        (date(2020, 9, 30), 2563),
        (date(2020, 10, 1), 2564),
        (date(2021, 1, 8), 2564),
        (date(2021, 9, 30), 2564),
        (date(2024, 10, 1), 2568),
    ],
)
def test_fiscal_year_boundaries(d, fy):
    assert fiscal_year(d) == fy


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_fiscal_year_runs_october_to_september(d):
    start = date(d.year if d.month >= 10 else d.year - 1, 10, 1)
    assert fiscal_year(d) == fiscal_year(start) == start.year + 1 + 543


# --- sizes --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("n", "digits", "expected"),
    [
        (0, "arabic", "0 ไบต์"),
        (512, "thai", "๕๑๒ ไบต์"),
        (1023, "arabic", "1023 ไบต์"),
        (1024, "arabic", "1 KB"),
        (1536, "arabic", "1.5 KB"),
        (int(1.2 * 1024 * 1024), "arabic", "1.2 MB"),
        (int(1.2 * 1024 * 1024), "thai", "๑.๒ MB"),
        (1024 * 1024 - 1, "arabic", "1 MB"),
        (5 * 1024**3, "arabic", "5 GB"),
    ],
)
def test_format_size(n, digits, expected):
    assert format_size(n, digits) == expected


def test_format_size_rejects_negative():
    with pytest.raises(ValueError):
        format_size(-1, "thai")


# --- list markers -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("๑. มีการเผยแพร่ข้อมูล", "มีการเผยแพร่ข้อมูล"),
        ("1. ประสิทธิภาพการสื่อสาร", "ประสิทธิภาพการสื่อสาร"),
        ("12) ข้อ", "ข้อ"),
        ("(๒) ข้อ", "ข้อ"),
        ("- จังหวัดสตูลได้เผยแพร่", "จังหวัดสตูลได้เผยแพร่"),
        ("  • สายด่วน ๑๕๖๗ ", "สายด่วน ๑๕๖๗"),
        ("1.5 ล้านบาท", "1.5 ล้านบาท"),
        ("-5 องศา", "-5 องศา"),
        ("พ.ศ. ๒๕๖๔", "พ.ศ. ๒๕๖๔"),
        ("- - สองชั้น", "- สองชั้น"),
    ],
)
def test_strip_list_marker(text, expected):
    assert strip_list_marker(text) == expected


@pytest.mark.parametrize("phone, expected", [
    ("๐๗๔-๗๒๔-๔๐๔", "+6674724404"), ("02 141 1111", "+6621411111"), ("+66 2 141 1111", "+6621411111"),
    ("081-234-5678 ต่อ 12", "+66812345678"), ("๑๕๖๗", None), ("1111", None), ("โทร", None),
])
def test_e164_telephones(phone, expected):
    assert thai.e164(phone) == expected


def test_postal_address_parts():
    assert thai.postal_address("ศาลากลางจังหวัดสตูล ถนนยาตราสวัสดี ตำบลพิมาน อำเภอเมืองสตูล จังหวัดสตูล ๙๑๐๐๐") == {
        "streetAddress": "ศาลากลางจังหวัดสตูล ถนนยาตราสวัสดี ตำบลพิมาน", "addressLocality": "อำเภอเมืองสตูล",
        "addressRegion": "จังหวัดสตูล", "postalCode": "91000"}
    assert thai.postal_address("ตู้ ปณ. 9") == {"streetAddress": "ตู้ ปณ. 9"}
