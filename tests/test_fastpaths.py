"""The lean Markdown pass, the fast link scan and libyaml composing give exactly what the plain code paths give."""

from __future__ import annotations

import subprocess
import sys

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_site.checks import htmlscan, linkcheck
from ita_site.content import yamldoc
from ita_site.pages import markup, mdfast
from ita_site.errors import Problems
from ita_site.pipeline import build_site
from sitekit import REPO
from test_properties import any_text

PIECES = ["ก", "ข้อความ", " ", "  \n", "\n", "\n\n", "*", "**", "_", "`", "\\", "[", "]", "(", ")", "!",
          "<", ">", "&", "&amp;", "#", "1.", "- ", "| a | b |\n|---|---|\n| c | d |\n", "[x](../y/)",
          "<b>x</b>", "*[ITA]: Integrity", "ITA", "\n```\nโค้ด\n```\n", "\nคำ\n:   ความหมาย\n",
          "    code\n", "> ", "http://x.go.th", "<https://x.go.th>", "a@b.go.th", "<!-- c -->"]


def _plain() -> markdown.Markdown:
    return markdown.Markdown(extensions=[*markup._EXTENSIONS, markup._HeaderScopeExtension()], output_format="html")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_lean_markdown_gives_python_markdowns_html(text):
    plain, lean = _plain(), markdown.Markdown(
        extensions=[*markup._EXTENSIONS, markup._HeaderScopeExtension(), mdfast.FastInlineExtension()],
        output_format="html")
    assert lean.convert(text) == plain.convert(text)


def test_an_unknown_inline_pattern_turns_the_shortcut_off():
    md = markdown.Markdown(extensions=[mdfast.FastInlineExtension()])
    from markdown.inlinepatterns import SimpleTagInlineProcessor
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"()ไทย()", "mark"), "thai_mark", 1)
    assert "<mark>" in md.convert("คำว่า ไทย ในประโยค")


TRICKY = ['<p title="a>b" id="x"><a href="../y/">t</a>', '<script>var a="<a href=q>";</script><a href="z">',
          '<a href="x&amp;y">', "<a href='x'>", '<a href=x id=1>', '<p/id="q">', '<img src="a.png"/>',
          '<A HREF="X">', '<a href="#top">', '<a href="?q=1">', '<link rel="canonical" href="x"><link href="y.css">',
          '<a href="../../../x/">', '<a href="./">', '<a href="a//b">', '<a href="mailto:x@y">', '<a href="//h/x">',
          '<a href="" id="">', '<a href>', '<style>a<b id=z></style><b id=w>', '<SCRIPT>x</SCRIPT ><a href=k>',
          '<a\nhref="n">', '<div id="a" id="b">', '<a href="x"title="y">', '<a href="%7Ex/">', '<a href="../x#f">',
          '<a href="/ita/x/">', '<a href="/other/">', '<!-- <a href="c"> --><a href="d">', '<a href="../x?y#z">']


def test_fast_link_scan_equals_linkcheck_on_tricky_html():
    graph = linkcheck.LinkGraph("/ita/")
    for html in TRICKY:
        for page in ("index.html", "a/index.html", "a/b/index.html", "404.html"):
            assert htmlscan.same_as_linkcheck(graph, page, html), (page, html)


def test_fast_link_scan_equals_linkcheck_on_built_pages(tmp_path):
    out = tmp_path / "out"
    build_site(REPO / "tests/sites/rich", out, say=lambda *a: None)
    graph = linkcheck.LinkGraph("/ita/")
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        assert htmlscan.same_as_linkcheck(graph, path.relative_to(out).as_posix(), path.read_text("utf-8")), path


# --------------------------------------------------------------------------- YAML: libyaml or pure Python


def _nodes(node, path=(), out=None) -> dict:
    """Tag, value and start mark of every node: what yamldoc builds data and positions from."""
    out = {} if out is None else out
    if node is not None:
        scalar = isinstance(node, yaml.ScalarNode)
        out[path] = (node.tag, node.start_mark.line, node.start_mark.column, node.value if scalar else None)
        if isinstance(node, yaml.MappingNode):
            for i, (key, value) in enumerate(node.value):
                _nodes(key, path + (i, "key"), out)
                _nodes(value, path + (i, "value"), out)
        elif isinstance(node, yaml.SequenceNode):
            for i, child in enumerate(node.value):
                _nodes(child, path + (i,), out)
    return out


def _pure(text: str):
    try:
        return True, _nodes(yaml.compose(text, Loader=yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError) as exc:
        return False, type(exc).__name__


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML built without libyaml")
@settings(max_examples=1500, deadline=None)
@given(any_text | any_text.map(lambda text: text + "\n"))
def test_libyaml_composes_what_the_pure_loader_composes(text):
    try:
        fast = True, _nodes(yamldoc.compose(text))
    except (yaml.YAMLError, RecursionError) as exc:
        fast = False, type(exc).__name__
    assert fast == _pure(text)


def test_libyaml_is_used_for_ordinary_documents_and_positions_are_found_later():
    text = 'title: "ชื่อ"\nmeasures:\n  - "ก"\n  - "ข"\nresults:\n  - text: "ผล"\n    date: 2564-10-01\n'
    assert yamldoc._FAST_LOADER is None or not yamldoc._PURE_ONLY.search(text)
    data, positions = yamldoc.parse(text, "content/x.yaml", Problems(), line_offset=3)
    assert data["results"][0]["date"] == "2564-10-01"
    assert positions.of(("measures", 1)) == (7, 5)
    assert positions.of(("results", 0, "date"), key=True) == (10, 5)
    assert positions.of(("results", 0, "nothing", 4)) == (9, 5)    # the nearest parent that exists


def test_nesting_too_deep_for_libyaml_is_a_message_not_a_crash():
    code = ("import sys; from ita_site.content import yamldoc; from ita_site.errors import Problems; p = Problems();"
            "yamldoc.parse('[' * 200000 + ']' * 200000 + '\\n', 'content/x.yaml', p); print(p.items[0].en)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert run.returncode == 0, run.stderr[-500:]
    assert run.stdout.strip() == "YAML nested too deeply"
