"""One home for output paths (urls.py): no page, section or item can collide with a generated path.

The generated folders and reserved names come from urls.py. These tests check them against what the
build really writes (the golden snapshot lists every output file of the default site and the test
sites) and against the build itself: a page or section named like a generated folder is refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from sitekit import build, minimal_files, write_site

from ita_site import urls
from ita_site.content import load

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
SITES = {"default": REPO, "rich": REPO / "tests/sites/rich", "search": REPO / "tests/sites/search"}


def _outputs(name: str) -> list[str]:
    lines = (GOLDEN / f"site-{name}.sha256").read_text(encoding="utf-8").splitlines()
    return [line.split("  ", 1)[1] for line in lines if not line.startswith("#")]


def _content_folders(project: Path) -> set[str]:
    """Top-level output folders that content makes: fiscal years, free pages and sections."""
    pages = project / "content" / "pages"
    found = {p.name for p in (project / "content").iterdir() if p.is_dir() and load.YEAR_DIR.match(p.name)}
    if pages.is_dir():
        found |= {p.stem for p in pages.glob("*.md")} | {p.name for p in pages.iterdir() if p.is_dir()}
    return found


@pytest.mark.parametrize("name", sorted(SITES))
def test_every_generated_folder_is_reserved_and_every_generated_file_is_unpageable(name):
    """Each top-level output folder comes from content or is reserved; each top-level file has a name
    that no page can take (page and section names have no dot)."""
    content = _content_folders(SITES[name])
    for path in _outputs(name):
        top, slash, _rest = path.partition("/")
        if slash:
            assert top in content or top in urls.RESERVED, f"{path}: generated folder '{top}' is not in urls.RESERVED"
            assert not (top in content and top in urls.RESERVED), f"{top}: content uses a reserved name"
        else:
            assert not load.SECTION_DIR.match(top), f"{path}: a page could be named '{top}'"


def test_reserved_names_are_derived_from_the_generated_paths():
    for folder in urls.GENERATED_FOLDERS:
        assert folder.endswith("/") and folder.strip("/") in urls.RESERVED
    assert {"search-index", "pagefind", "sitemaps", "search", "assets", "data", "report", "accessibility"} <= urls.RESERVED
    assert urls.sitemap_part(1).startswith(urls.SITEMAP_PARTS)
    assert urls.report(2564).startswith(urls.REPORTS)
    assert urls.asset("site.css").startswith(urls.ASSETS)
    assert urls.data_file("items.json").startswith(urls.DATA)


@given(st.from_regex(load.SECTION_DIR, fullmatch=True))
def test_no_allowed_page_name_lands_in_a_generated_folder(name):
    if name in urls.RESERVED or load.YEAR_DIR.match(name):
        return
    for url in (urls.page(name), urls.section(name), urls.section_page(name, "x")):
        out = urls.output_file(url)
        assert not any(out.startswith(folder) for folder in urls.GENERATED_FOLDERS), out


@pytest.mark.parametrize("name", ["pagefind", "sitemaps"])
def test_a_page_named_like_a_generated_folder_is_refused(capsys, tmp_path, name):
    project = write_site(tmp_path / "site", minimal_files({f"content/pages/{name}.md": "---\ntitle: x\n---\nx\n"}))
    code, _out, err = build(capsys, project, tmp_path / "out")
    assert code == 1
    assert f"content/pages/{name}.md: ชื่อหน้า '{name}' สงวนไว้สำหรับระบบ (page name '{name}' is reserved)" in err
    assert not (tmp_path / "out").exists()
