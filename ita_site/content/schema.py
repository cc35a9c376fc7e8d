"""The JSON Schemas (draft-07) in ita_site/schemas/: declared once, read by editors and the build."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

SCHEMA_DIR = Path(__file__).parents[1] / "schemas"
KINDS = ("site", "item", "indicator", "page", "catalogue")


@lru_cache(maxsize=None)
def load(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def validator(kind: str):
    from jsonschema import Draft7Validator, FormatChecker

    return Draft7Validator(load(kind), format_checker=FormatChecker(formats=("date",)))


def schema_path(kind: str) -> Path:
    return SCHEMA_DIR / f"{kind}.schema.json"
