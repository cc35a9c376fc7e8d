"""The lean Markdown pass and the fast link scan give exactly what the plain code paths give."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_site import htmlscan, linkcheck, markup, mdfast
from ita_site.pipeline import build_site
from sitekit import REPO

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
