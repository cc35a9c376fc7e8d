"""The shipped OIT catalogues are valid data and match the domain facts."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from ita_site.periods import PERIOD_LABELS

PACKAGE = Path(__file__).resolve().parents[1] / "ita_site"
SCHEMA_PATH = PACKAGE / "schemas" / "catalogue.schema.json"
CATALOGUES = PACKAGE / "catalogues"
NACC_YEARS = (2564, 2566, 2567)              # the 43-item layout
CYCLE_YEARS = (2568, 2569)                     # 26 items, renumbered
SEED_TITLE = "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
THAI = re.compile(r"[\u0E00-\u0E7F]")
LATIN = re.compile(r"[A-Za-z]{3,}")


def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def items_of(catalogue: dict) -> list[dict]:
    return [item for group in catalogue["groups"] for item in group["items"]]


def nacc(year: int) -> dict:
    return load(CATALOGUES / f"nacc-{year}.yaml")


ALL_FILES = sorted(CATALOGUES.rglob("*.yaml"))


def test_catalogue_files_are_shipped():
    names = {p.relative_to(CATALOGUES).as_posix() for p in ALL_FILES}
    assert {f"nacc-{y}.yaml" for y in NACC_YEARS + CYCLE_YEARS} <= names
    assert "examples/moph-moit-2567.yaml" in names


def test_schema_is_valid_draft7():
    Draft7Validator.check_schema(load_schema())


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_catalogue_validates_against_schema(path: Path):
    errors = sorted(Draft7Validator(load_schema()).iter_errors(load(path)), key=str)
    assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors]


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_catalogue_header_is_consistent(path: Path):
    data = load(path)
    assert data["id"] == path.stem == f"{data['profile']}-{data['year']}"
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# yaml-language-server: $schema=")
    schema_ref = first_line.split("$schema=", 1)[1]
    assert (path.parent / schema_ref).resolve() == SCHEMA_PATH


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_item_codes_unique_and_titles_clean(path: Path):
    items = items_of(load(path))
    codes = [item["code"] for item in items]
    assert len(codes) == len(set(codes))
    for item in items:
        # a folded YAML line break inside a Thai word would add a stray space
        assert item["title"] == item["title"].strip()
        assert "  " not in item["title"]
        assert THAI.search(item["title"]) or item["title"] in {"Q&A", "Social Network", "E-Service"}


@pytest.mark.parametrize("year", NACC_YEARS)
def test_nacc_has_43_items_in_order(year: int):
    codes = [item["code"] for item in items_of(nacc(year))]
    assert codes == [f"O{n}" for n in range(1, 44)]


@pytest.mark.parametrize("year", NACC_YEARS)
def test_seed_item_is_o43_paired_with_o42(year: int):
    items = {item["code"]: item for item in items_of(nacc(year))}
    assert items["O43"]["title"] == SEED_TITLE
    assert items["O42"]["title"] == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"


def test_nacc_2564_indicator_split():
    groups = nacc(2564)["groups"]
    assert [g["code"] for g in groups] == ["9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"]
    indicator_of = {i["code"]: g["code"].split(".")[0] for g in groups for i in g["items"]}
    assert {c for c, ind in indicator_of.items() if ind == "9"} == {f"O{n}" for n in range(1, 34)}
    assert {c for c, ind in indicator_of.items() if ind == "10"} == {f"O{n}" for n in range(34, 44)}


def test_nacc_period_rules_follow_the_evidence():
    p64 = {i["code"]: i["period"] for i in items_of(nacc(2564))}
    assert p64["O4"] == "plan-covering"
    assert {p64[c] for c in ("O11", "O19", "O40")} == {"first-half"}
    assert p64["O23"] == "monthly"
    p66 = {i["code"]: i for i in items_of(nacc(2566))}
    assert p66["O21"]["period"] == "monthly"
    assert p66["O12"]["period"] == p66["O37"]["period"] == "first-half"
    assert p66["O31"]["period"] == "current-fy"
    assert p66["O31"]["period_confidence"] == "verified"


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_period_rules_are_known_to_periods_module(path: Path):
    for item in items_of(load(path)):
        assert item["period"] in PERIOD_LABELS


def test_schema_period_enum_matches_periods_module():
    enum = load_schema()["definitions"]["item"]["properties"]["period"]["enum"]
    assert set(enum) == set(PERIOD_LABELS)


def _walk_schemas(node, path=()):
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield path, node
        for key, value in node.items():
            yield from _walk_schemas(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk_schemas(value, path + (i,))


def test_schema_objects_are_closed_and_documented():
    objects = [(path, node) for path, node in _walk_schemas(load_schema()) if "properties" in node]
    assert len(objects) == 4  # catalogue, group, item, override (references is a map of id -> text)
    for path, node in objects:
        assert node.get("additionalProperties") is False, path
        for name, prop in node["properties"].items():
            text = prop.get("description", "")
            assert THAI.search(text) and LATIN.search(text), (path, name)


def _minimal() -> dict:
    return copy.deepcopy(nacc(2564))


def _errors(data: dict) -> list:
    return list(Draft7Validator(load_schema()).iter_errors(data))


def test_schema_rejects_unknown_item_key():
    data = _minimal()
    data["groups"][0]["items"][0]["deadline"] = "2021-03-01"
    errors = _errors(data)
    assert len(errors) == 1
    assert errors[0].validator == "additionalProperties"
    assert "deadline" in errors[0].message
    assert list(errors[0].absolute_path) == ["groups", 0, "items", 0]


def test_schema_rejects_unknown_top_level_key():
    data = _minimal()
    data["version"] = 2
    errors = _errors(data)
    assert [e.validator for e in errors] == ["additionalProperties"]
    assert "version" in errors[0].message


def test_schema_rejects_bad_period():
    data = _minimal()
    data["groups"][0]["items"][0]["period"] = "quarterly"
    errors = _errors(data)
    assert len(errors) == 1
    assert errors[0].validator == "enum"
    assert list(errors[0].absolute_path) == ["groups", 0, "items", 0, "period"]
    assert "quarterly" in errors[0].message


@pytest.mark.parametrize(
    ("field", "value"),
    [("code", "o1"), ("code", "O1234"), ("confidence", "sure"), ("year", 2024)],
)
def test_schema_rejects_bad_values(field: str, value):
    data = _minimal()
    target = data if field == "year" else data["groups"][0]["items"][0]
    target[field] = value
    errors = _errors(data)
    assert len(errors) == 1 and errors[0].absolute_path[-1] == field


def test_schema_requires_period_and_confidence():
    data = _minimal()
    del data["groups"][0]["items"][0]["period"]
    errors = _errors(data)
    assert [e.validator for e in errors] == ["required"]
    assert "'period'" in errors[0].message
