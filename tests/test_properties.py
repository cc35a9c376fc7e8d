"""Property tests: no input crashes the loader, the validator or the build; URLs are ASCII, unique, stable.

Hypothesis generates YAML-ish text (the pieces webmasters get wrong: indentation, tabs, quotes,
brackets, anchors, tags, BOMs, odd line ends), arbitrary Unicode and arbitrary bytes. The only
acceptable failure is a BuildError: problems with a place, never an exception with a traceback.
"""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita_site import urls
from ita_site.content import load, source, validate, yamldoc
from ita_site.errors import BuildError, Problems
from ita_site.pipeline import build_site

SITE_YAML = """\
agency:
  name: สำนักงานทดสอบ
main_site: https://www.example.go.th/
base_url: https://www.example.go.th/ita/
years:
  "2564":
    catalogue: nacc-2564
"""
ITEM_YAML = "code: O43\nupdated: 2021-01-08\n"

PIECES = [
    "code", "title", "number", "measures", "steps", "results", "updated", "documents", "file", "url",
    ":", ": ", "- ", "  ", "    ", "\t", "'", '"', "[", "]", "{", "}", ",", "&a ", "*a", "&b [*a, *a]",
    "!!python/object/apply:os.system ", "!!binary ", "!include ", "!!set ", "? ", "|", ">-", "# x", "---",
    "...", "%YAML 1.1", "<<: ", "2564-02-29", "2021-01-08", "๒๕๖๔-๐๑-๐๘", "1e5", "0x1F", "0o17", "~", "null",
    "yes", "no", ".nan", "-.inf", "9" * 30, "ก", "น\u0e4d\u0e49\u0e32", "\u200b", "\ufeff", "\r", "\r\n",
    "\x85", "\u2028", "\x00", "\x07", "\U0001f600", "<script>", "{{ x }}", "../", "files/ประกาศ.pdf",
]
yamlish = st.lists(
    st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=8).map("".join), max_size=12,
).map("\n".join)
# Mostly well-formed `key: value` blocks, so that hostile scalars reach the data builder.
HOSTILE_SCALARS = ["9" * 5000, "0x" + "f" * 5000, "1_000", "1e999", "~", "!!python/name:os.system", "*a", "&a x",
                   "&a [x]", "[a, b]", "{a: 1}", "'q'", '"ก"', "|", "2564-02-29", "2021-02-30", "<<", "? x", "!!binary aGk="]
line = st.builds(lambda indent, dash, key, val: "  " * indent + ("- " if dash else "") + key + ": " + val,
                 st.integers(0, 3), st.booleans(), st.sampled_from(PIECES[:10] + ["ก", "a b", "1", "true"]),
                 st.sampled_from(HOSTILE_SCALARS) | st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=10))
blocks = st.lists(line, max_size=10).map("\n".join)
any_text = yamlish | blocks | st.text(max_size=300)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BUILD_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------- loader and validator


@SETTINGS
@given(any_text)
def test_yaml_parse_never_raises_and_every_failure_is_explained(text):
    problems = Problems()
    result = yamldoc.parse(text, "content/x.yaml", problems)
    assert (result is None) == bool(problems.items)
    lines = text.count("\n") + text.count("\r") + text.count("\x85") + text.count("\u2028") + 2
    for problem in problems.items:
        assert problem.path == "content/x.yaml"
        assert 1 <= problem.line <= lines and problem.col >= 1, problem
        assert problem.th and problem.en


@SETTINGS
@given(st.binary(max_size=300) | any_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_decoding_any_bytes_never_raises(data):
    problems = Problems()
    text = source.decode(data, "content/x.yaml", problems)
    assert (text is None) == bool(problems.items)
    if text is not None:
        assert unicodedata.is_normalized("NFC", text)
        assert "\r" not in text and "\x00" not in text


@st.composite
def site_files(draw):
    """A small site with one file replaced by arbitrary text or bytes."""
    target = draw(st.sampled_from([
        "content/2564/o43/item.yaml", "content/2564/o43/01-test.yaml", "content/pages/about.md", "content/site.yaml",
    ]))
    raw = draw(st.binary(max_size=200) | any_text.map(str.encode) | yamlish.map(lambda t: ("---\n" + t + "\n---\n").encode()))
    return target, raw


def _project(tmp: Path, files: dict[str, bytes]) -> Path:
    project = tmp / "project"
    for rel, data in {"content/site.yaml": SITE_YAML.encode(), "content/2564/o43/item.yaml": ITEM_YAML.encode(),
                      **files}.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_bytes(data)
    return project


@SETTINGS
@given(site_files())
def test_load_and_validate_never_raise(case):
    target, raw = case
    with tempfile.TemporaryDirectory() as tmp:
        problems = Problems()
        content = load.load_content(_project(Path(tmp), {target: raw}), problems)
        valid = validate.check_documents(content.docs, problems)
        assert len(valid) + len({p.path for p in problems.errors()}) >= len(content.docs)
        for problem in problems.items:
            assert problem.path.startswith("content/") and problem.th and problem.en


# --------------------------------------------------------------------------- the whole build

WILD = ["{{ 7*7 }}", "{% include 'base.html' %}", "<script>alert(1)</script>", "<b onclick=x>ตัวหนา</b>",
        "[ลิงก์](https://www.example.go.th/x)", "![x](data:image/png;base64,AAAA)", "ก\u0e48\u0e38 น\u0e4d\u0e49\u0e32",
        "a\u200bb", "# หัวข้อ", "- รายการ", "| ก | ข |\n|---|---|\n| 1 | 2 |", "\u202eevil", "x" * 2000]
printable = st.characters(blacklist_categories=("Cc", "Cs"))
wild_text = st.text(printable, min_size=1, max_size=60).filter(str.strip) | st.sampled_from(WILD)
ce_date = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))
iso, be = ce_date.map(date.isoformat), ce_date.map(lambda d: f"{d.year + 543}-{d.month:02d}-{d.day:02d}")
date_text = st.one_of(iso, iso, be, be, st.sampled_from(["2564-02-29", "2021-02-30", "2564-13-01", "๒๕๖๔-๐๑-๐๘"]))
scalar = st.one_of(st.text(max_size=20), st.integers(-5, 200), st.booleans(), st.none())
wild_value = st.recursive(scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                          max_leaves=8)
document = st.fixed_dictionaries({"title": wild_text, "url": st.sampled_from(["https://www.example.go.th/d.pdf", "https://www.example.go.th/ita/"])},
                                  optional={"date": date_text})
result = wild_text | st.fixed_dictionaries({"text": wild_text}, optional={"date": date_text})


@st.composite
def shaped_docs(draw):
    """Documents that mostly fit the schema (so they reach the model and the templates), with wild text.

    Now and then one key gets an arbitrary value instead, so the failing paths are walked too.
    """
    item = draw(st.fixed_dictionaries({"code": st.just("O43"), "updated": date_text}, optional={
        "title": wild_text, "caption": wild_text, "summary": wild_text, "note": wild_text, "body": wild_text,
        "documents": st.lists(document, max_size=3)}))
    indicator = draw(st.fixed_dictionaries({
        "number": st.integers(1, 99), "title": wild_text, "measures": st.lists(wild_text, min_size=1, max_size=3),
        "steps": st.lists(wild_text, min_size=1, max_size=3), "results": st.lists(result, min_size=1, max_size=3)},
        optional={"ita_indicator": st.integers(1, 10)}))
    if draw(st.integers(0, 4)) == 0:
        target = draw(st.sampled_from([item, indicator]))
        target[draw(st.sampled_from(sorted(target)))] = draw(wild_value)
    return item, indicator


@BUILD_SETTINGS
@given(shaped_docs())
def test_whole_build_never_raises_and_publishes_only_ascii_paths(docs):
    item, indicator = docs
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True).encode()  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        project = _project(Path(tmp), {"content/2564/o43/item.yaml": dump(item),
                                       "content/2564/o43/01-test.yaml": dump(indicator)})
        output = Path(tmp) / "output"
        try:
            build_site(project, output, say=lambda text: None)
        except BuildError as error:
            assert error.problems
            assert not output.exists(), "a failed build writes nothing"
            return
        published = [p.relative_to(output).as_posix() for p in output.rglob("*")]
        assert published and all(path.isascii() for path in published)
        shutil.rmtree(output)


@BUILD_SETTINGS
@given(site_files())
def test_whole_build_of_a_broken_file_gives_problems_only(case):
    target, raw = case
    with tempfile.TemporaryDirectory() as tmp:
        project = _project(Path(tmp), {target: raw})
        try:
            build_site(project, Path(tmp) / "output", write_output=False, say=lambda text: None)
        except BuildError as error:
            assert all(p.th and p.en for p in error.problems)


# --------------------------------------------------------------------------- URL rules

segment_text = st.text(max_size=40) | st.sampled_from(["..", ".", "", "/", "a/../b", "ประกาศ.pdf", "A.PDF", ".htaccess",
                                                       "\u200b", "cafe\u0301.pdf", "caf\u00e9.pdf"])


@given(segment_text)
def test_ascii_segment_is_safe_and_stable(name):
    segment = urls.ascii_segment(name)
    assert segment.isascii() and segment
    assert "/" not in segment and "\\" not in segment
    assert segment not in (".", "..") and not segment.startswith(".")
    assert urls.ascii_segment(name) == segment                      # stable: same input, same URL
    assert urls.ascii_segment(unicodedata.normalize("NFD", name)) == segment


@given(st.lists(segment_text, min_size=2, max_size=2))
def test_ascii_segment_is_unique_per_distinct_name(names):
    first, second = (unicodedata.normalize("NFC", n) for n in names)
    if first != second:
        assert urls.ascii_segment(first) != urls.ascii_segment(second)


relpath = st.lists(st.text(min_size=1, max_size=12).filter(lambda s: "/" not in s), min_size=1, max_size=3)


@given(st.lists(relpath, min_size=2, max_size=2), st.integers(2500, 2599), st.from_regex(r"[A-Z]{1,6}[0-9]{1,3}", fullmatch=True))
def test_attachment_urls_are_ascii_unique_and_stable(paths, year, code):
    made = [urls.attachment(year, code, "/".join(p)) for p in paths]
    for url in made:
        assert url.isascii()
        assert url.startswith(f"{year}/{code.lower()}/")
        assert ".." not in url.split("/") and "" not in url.split("/")
    assert made == [urls.attachment(year, code, "/".join(p)) for p in paths]
    canonical = [tuple(unicodedata.normalize("NFC", s) for s in p) for p in paths]
    if canonical[0] != canonical[1]:
        assert made[0] != made[1]


@given(st.lists(st.tuples(st.integers(2500, 2599), st.from_regex(r"[A-Z]{1,6}[0-9]{1,3}", fullmatch=True),
                          st.integers(1, 99)), min_size=1, max_size=20))
def test_page_urls_are_ascii_unique_and_stable(keys):
    keys = {(year, code.lower(), number) for year, code, number in keys}
    item_urls = {urls.item(year, code) for year, code, _ in keys}
    indicator_urls = {urls.indicator(year, code, n) for year, code, n in keys}
    assert len(indicator_urls) == len(keys)
    assert len(item_urls) == len({(year, code) for year, code, _ in keys})
    assert not item_urls & indicator_urls
    for url in item_urls | indicator_urls:
        assert url.isascii() and url.endswith("/") and urls.output_file(url).endswith("/index.html")
