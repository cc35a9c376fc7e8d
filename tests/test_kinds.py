"""The kinds of content file (content/kinds.py): declared once, and a kind forgotten somewhere fails here."""

from __future__ import annotations

import ast
import inspect
import textwrap

from sitekit import minimal_files, write_site

from ita_site.content import kinds, load, schema
from ita_site.errors import Problems
from ita_site.model import sources
from ita_site.pipeline import load_site

SECTION = {
    "content/pages/guide/index.md": "---\ntitle: คู่มือ\n---\nหมวดคู่มือ\n",
    "content/pages/guide/first.md": "---\ntitle: หน้าแรกของคู่มือ\nupdated: 2024-01-28\n---\nเนื้อหา\n",
}


def _classified() -> set[str]:
    """Every kind load.classify can return (its `return "<kind>"` statements)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(load.classify)))
    return {node.value.value for node in ast.walk(tree)
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Constant) and node.value.value}


def test_every_kind_load_finds_is_declared_and_has_a_schema():
    assert _classified() - {"attachment"} == set(kinds.KINDS), "declare the kind in content/kinds.py"
    for name in kinds.KINDS:
        assert schema.schema_path(name).is_file(), f"schemas/{name}.schema.json"


def test_every_document_of_a_page_kind_is_a_source_of_model_sources(tmp_path):
    project = write_site(tmp_path / "site", minimal_files(SECTION))
    docs = load.load_content(project, Problems()).docs
    assert kinds.PAGES <= {doc.kind for doc in docs}, "the test site needs a document of every page kind"
    listed = {page.source for page in sources.sourced_pages(load_site(project))}
    missing = sorted(doc.rel for doc in docs if doc.kind in kinds.PAGES and doc.rel not in listed)
    assert not missing, f"pages of these documents are not in model/sources.py (collisions, lastmod): {missing}"
