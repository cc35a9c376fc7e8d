"""Dates that make sense: a warning for a date that is in the future, looks like a Buddhist/Common Era
slip (2068-10-15 for 2568-10-15), or lies far outside its item's fiscal year (2020-10-15 in a 2569
item), naming the date most likely meant. `updated:` may be later than its year (archives are
updated), so only the future and long before the year count for it."""

from __future__ import annotations

import datetime as dt
import re

from ita_site import periods, thai
from ita_site.content import kinds
from ita_site.errors import Problems
from ita_site.content.load import RawDoc

SLACK = dt.timedelta(days=366)     # a plan dated in the year before, a report in the year after: fine
DATE_KEYS = ("date", "updated")


def check_dates(docs: list[RawDoc], problems: Problems, today: dt.date) -> None:
    for doc in docs:
        if doc.kind not in kinds.DATES or not re.fullmatch(r"[0-9]{4}", doc.parts[0]):
            continue
        fy = int(doc.parts[0])
        for path, written in _dates(doc.data, ()):
            try:
                day = thai.parse_date(written)
            except ValueError:
                continue              # the schema has said so already
            said = _judge(str(written), day, fy, today, path[-1])
            if said:
                line, col = doc.positions.of(path)
                problems.add(doc.rel, line, col, *said, severity="warning")


def _dates(node, path):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in DATE_KEYS and isinstance(value, (str, dt.date)):
                yield path + (key,), value
            else:
                yield from _dates(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _dates(value, path + (index,))


def _judge(written: str, day: dt.date, fy: int, today: dt.date, key: str) -> tuple[str, str, str] | None:
    start, end = periods.fiscal_year_bounds(fy)
    text = thai.to_digits(written.strip(), "arabic")
    year = int(text[:4]) if text[:4].isdigit() else day.year
    if day > today:
        guess = _slip(text, year, fy) or _in_year(text, fy, year)
        return (f"วันที่ {written} อยู่ในอนาคต (หลังวันนี้ {today.isoformat()})",
                f"the date {written} is in the future (after {today.isoformat()})", _hint(guess))
    if day < start - SLACK or (key == "date" and day > end + SLACK):
        guess = _in_year(text, fy, year)
        return (f"วันที่ {written} อยู่ห่างจากปีงบประมาณ พ.ศ. {fy} ({start.isoformat()} ถึง {end.isoformat()}) มาก",
                f"the date {written} is far outside fiscal year {fy} ({start.isoformat()} to {end.isoformat()})",
                _hint(guess))
    return None


def _slip(text: str, year: int, fy: int) -> str | None:
    """2068-10-15: "20" typed for the "25" of a Buddhist Era year (kept when that fits the year)."""
    if not (2030 <= year < thai.BE_THRESHOLD and str(year).startswith("20")):
        return None
    guess = f"25{str(year)[2:]}{text[4:]}"
    try:
        day = thai.parse_date(guess)
    except ValueError:
        return None
    start, end = periods.fiscal_year_bounds(fy)
    return guess if start - SLACK <= day <= end + SLACK else None


def _in_year(text: str, fy: int, year: int) -> str | None:
    """The same day and month inside the fiscal year, in the era it was written in."""
    match = re.fullmatch(r"[0-9]{4}-([0-9]{1,2})-([0-9]{1,2})", text)
    if not match:
        return None
    month = int(match.group(1))
    ce = fy - thai.BE_OFFSET - (1 if month >= periods.FY_START_MONTH else 0)
    return f"{ce + thai.BE_OFFSET if year >= thai.BE_THRESHOLD else ce}{text[4:]}"


def _hint(guess: str | None) -> str:
    if not guess:
        return "ตรวจปี เดือน วัน อีกครั้ง / check the year, month and day"
    return f"อาจตั้งใจเขียน {guess} หรือไม่? ตรวจปีอีกครั้ง (พ.ศ. = ค.ศ. + 543) / did you mean {guess}? check the year"
