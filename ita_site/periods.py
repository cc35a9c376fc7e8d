"""Thai fiscal years and the period rules of OIT catalogue items.

Pure functions, no I/O. Dates are ordinary ``datetime.date`` values (Common Era);
fiscal years are Buddhist Era (BE) integers, as NACC and agencies write them.

Thai fiscal year N (BE) runs from 1 October of BE N-1 to 30 September of BE N,
so FY 2564 = 1 Oct 2020 .. 30 Sep 2021 (CE = BE - 543).

Period rules of the OIT catalogues, used in ``catalogues/*.yaml`` as ``period``:

- ``current-fy``    ปีงบประมาณปัจจุบัน: the evidence falls inside the fiscal year;
- ``previous-fy``   ย้อนหลัง 1 ปีงบประมาณ: inside the fiscal year before;
- ``first-half``    6 เดือนแรกของปีงบประมาณ: 1 October .. 31 March of the fiscal year;
- ``monthly``       รายเดือน: monthly documents, each inside the fiscal year;
- ``plan-covering`` แผนที่ครอบคลุมปีงบประมาณ: a plan whose span covers the whole fiscal year;
- ``any``           ไม่จำกัดช่วงเวลา: no date condition (laws, channels, manuals).
"""

from __future__ import annotations

from datetime import date

from ita_site.thai import BE_OFFSET

FY_START_MONTH = 10  # the fiscal year starts on 1 October

PERIOD_RULES: tuple[str, ...] = (
    "current-fy",
    "previous-fy",
    "first-half",
    "monthly",
    "plan-covering",
    "any",
)

PERIOD_LABELS: dict[str, dict[str, str]] = {
    "current-fy": {
        "th": "ปีงบประมาณปัจจุบัน",
        "en": "Current fiscal year",
    },
    "previous-fy": {
        "th": "ย้อนหลัง 1 ปีงบประมาณ",
        "en": "Previous fiscal year",
    },
    "first-half": {
        "th": "6 เดือนแรกของปีงบประมาณ (ต.ค.–มี.ค.)",
        "en": "First 6 months of the fiscal year (Oct–Mar)",
    },
    "monthly": {
        "th": "รายเดือน ภายในปีงบประมาณ",
        "en": "Monthly, within the fiscal year",
    },
    "plan-covering": {
        "th": "แผนที่ครอบคลุมปีงบประมาณปัจจุบัน",
        "en": "Plan covering the current fiscal year",
    },
    "any": {
        "th": "ไม่จำกัดช่วงเวลา",
        "en": "Any date",
    },
}


def _check_rule(rule: str) -> None:
    if rule not in PERIOD_LABELS:
        known = ", ".join(PERIOD_RULES)
        raise ValueError(f"unknown period rule {rule!r}; expected one of: {known}")


def fiscal_year(d: date) -> int:
    """BE fiscal year that contains ``d``: 1 Oct 2020 .. 30 Sep 2021 -> 2564."""
    be_year = d.year + BE_OFFSET
    return be_year + 1 if d.month >= FY_START_MONTH else be_year


def fiscal_year_bounds(fy: int) -> tuple[date, date]:
    """First and last day of BE fiscal year ``fy`` (1 Oct of fy-1 .. 30 Sep of fy)."""
    ce_end_year = fy - BE_OFFSET
    return date(ce_end_year - 1, FY_START_MONTH, 1), date(ce_end_year, 9, 30)


def period_bounds(rule: str, fy: int) -> tuple[date, date] | None:
    """Inclusive date range that evidence for ``rule`` must fall in, for fiscal year ``fy``.

    Returns ``None`` for ``plan-covering`` (the plan must cover the whole fiscal year,
    see ``in_period``) and for ``any`` (no date condition).
    """
    _check_rule(rule)
    if rule in ("current-fy", "monthly"):
        return fiscal_year_bounds(fy)
    if rule == "previous-fy":
        return fiscal_year_bounds(fy - 1)
    if rule == "first-half":
        start, _ = fiscal_year_bounds(fy)
        return start, date(start.year + 1, 3, 31)
    return None


def in_period(rule: str, fy: int, d: date | None, end: date | None = None) -> bool:
    """Whether a document dated ``d`` (optionally spanning ``d``..``end``) meets ``rule`` in ``fy``.

    ``d`` is the document's date, or the first day of the period it reports on;
    ``end`` is the last day of that period (a plan 2566-2570, a 6-month report).
    A span must lie wholly inside the rule's bounds; a ``plan-covering`` span must
    contain the whole fiscal year. ``any`` always passes. An undated document
    (``d is None``) passes only ``any``.
    """
    _check_rule(rule)
    if rule == "any":
        return True
    if d is None:
        return False
    last = d if end is None else end
    if last < d:
        raise ValueError(f"end {last.isoformat()} is before start {d.isoformat()}")
    if rule == "plan-covering":
        fy_start, fy_end = fiscal_year_bounds(fy)
        return d <= fy_start and last >= fy_end
    bounds = period_bounds(rule, fy)
    assert bounds is not None  # every rule except plan-covering/any has bounds
    start, stop = bounds
    return start <= d and last <= stop


def period_label(rule: str, lang: str = "th") -> str:
    """Label of a period rule in Thai (``th``) or English (``en``)."""
    _check_rule(rule)
    return PERIOD_LABELS[rule][lang]
