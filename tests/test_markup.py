"""Safe Markdown rendering: what reaches the page, and what never does."""

import unicodedata
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from ita_site.pages.markup import plain_text, render_inline, render_markdown

SEED_LIKE = (
    "จังหวัดสตูลได้เผยแพร่ข้อมูลผ่านช่องทางต่าง ๆ ดังนี้\n\n"
    "- ร้องเรียนทางโทรศัพท์ หมายเลข ๐๗๔-๗๒๔-๔๐๔\n- สายด่วน ๑๕๖๗\n"
)
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "background", "poster"}


class _Elements(HTMLParser):
    """Collect (tag, attrs) of every element in rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def assert_safe(html: str) -> None:
    assert "<script" not in html.lower()
    assert "<style" not in html.lower()
    for tag, attrs in elements(html):
        assert tag not in {"script", "style", "iframe", "object", "embed", "form"}, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name != "style", tag
            if name in URL_ATTRS:
                compact = "".join(value.split()).lower()
                assert not compact.startswith(("javascript:", "data:", "vbscript:")), value


def test_returns_markup_with_paragraph_and_list():
    html = render_markdown(SEED_LIKE)
    assert isinstance(html, Markup)
    assert "<p>จังหวัดสตูลได้เผยแพร่ข้อมูลผ่านช่องทางต่าง ๆ ดังนี้</p>" in html
    assert "<ul>\n<li>ร้องเรียนทางโทรศัพท์ หมายเลข ๐๗๔-๗๒๔-๔๐๔</li>\n<li>สายด่วน ๑๕๖๗</li>\n</ul>" in html


def test_script_is_removed_with_its_content():
    html = render_markdown("ก่อน\n\n<script>alert(1)</script>\n\nหลัง <style>p{color:red}</style>")
    assert "alert" not in html and "color" not in html
    assert "ก่อน" in html and "หลัง" in html


def test_event_handler_and_style_attributes_are_removed():
    html = render_markdown('<p onclick="alert(1)" style="color:red">ข้อความ</p>')
    assert html == "<p>ข้อความ</p>"


def test_javascript_link_keeps_text_but_no_href():
    html = render_markdown("[x](javascript:alert(1)) <a href='JaVa&#x09;Script:alert(2)'>y</a>")
    assert "javascript" not in html.lower() and "href" not in html
    assert html == "<p>x y</p>"


def test_vbscript_and_data_links_are_refused():
    html = render_markdown("[v](vbscript:msgbox) [d](data:text/html;base64,PHNjcmlwdD4=)")
    assert "href" not in html


def test_data_image_is_dropped():
    html = render_markdown("ดูภาพ ![x](data:image/png;base64,iVBORw0KGgo=)")
    assert "<img" not in html and "data:" not in html
    assert "ดูภาพ" in html


def test_only_relative_images_are_kept():
    html = render_markdown("![ผัง](files/chart.png) ![ภายนอก](https://cdn.example/x.png) ![p](//cdn.example/y.png)")
    assert '<img alt="ผัง" src="files/chart.png">' in html
    assert "cdn.example" not in html


def test_external_links_get_noopener_and_relative_links_do_not():
    html = render_markdown('<a href="https://e.x">e</a> [ภายใน](../o1/) [เมล](mailto:a@b.go.th) [โทร](tel:+6674724404)')
    assert '<a href="https://e.x" rel="noopener noreferrer">e</a>' in html
    assert '<a href="../o1/">ภายใน</a>' in html
    assert '<a href="mailto:a@b.go.th">เมล</a>' in html
    assert '<a href="tel:+6674724404">โทร</a>' in html


def test_author_cannot_set_rel_or_target():
    html = render_markdown('<a href="/x" rel="opener" target="_blank">x</a>')
    assert html == '<p><a href="/x">x</a></p>'


def test_headings_are_shifted_so_no_h1_appears():
    assert render_markdown("# H") == "<h2>H</h2>"
    html = render_markdown("# A\n\n## B\n\n###### F")
    assert "<h1" not in html
    assert "<h2>A</h2>" in html and "<h3>B</h3>" in html and "<h6>F</h6>" in html


def test_raw_html_h1_is_shifted_too():
    assert "<h1" not in render_markdown("<h1>หัวเรื่อง</h1>")


def test_h2_content_keeps_its_level():
    assert render_markdown("## มาตรการ") == "<h2>มาตรการ</h2>"


def test_template_syntax_stays_literal():
    html = render_markdown("ผลคือ {{ 7*7 }} และ {% if x %}ซ่อน{% endif %}")
    assert "{{ 7*7 }}" in html and "{% if x %}" in html
    assert "49" not in html


def test_template_syntax_is_not_evaluated_by_jinja():
    jinja2 = __import__("jinja2")
    env = jinja2.Environment(autoescape=True)
    page = env.from_string("<main>{{ body }}</main>").render(body=render_markdown("{{ 7*7 }}"))
    assert page == "<main><p>{{ 7*7 }}</p></main>"


def test_thai_text_passes_unchanged():
    text = "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ของจังหวัดสตูล ๑๕๖๗"
    assert unicodedata.is_normalized("NFC", text)
    assert render_markdown(text) == f"<p>{text}</p>"


def test_tables_render_with_header_scope_and_no_style():
    html = render_markdown("| ตัวชี้วัด | มาตรการ |\n|:--|--:|\n| ๑ | ก |")
    assert '<th scope="col">ตัวชี้วัด</th>' in html
    assert "<td>๑</td>" in html
    assert "style" not in html


def test_attr_list_syntax_is_not_interpreted():
    html = render_markdown("ข้อความ {: onclick=\"alert(1)\" .x }\n\n## หัว {#id onclick=x}")
    assert_safe(html)
    assert "id=" not in html and "class=" not in html


def test_lang_span_and_abbr_are_kept():
    html = render_markdown('<span lang="en">ITA</span> <abbr title="สำนักงาน ป.ป.ช.">ปปช</abbr> <span lang="x y">z</span>')
    assert '<span lang="en">ITA</span>' in html
    assert '<abbr title="สำนักงาน ป.ป.ช.">ปปช</abbr>' in html
    assert '<span>z</span>' in html


def test_rendering_is_deterministic_and_isolated_between_calls():
    first = render_markdown("*[ITA]: Integrity and Transparency Assessment\n\nITA")
    assert '<abbr title="Integrity and Transparency Assessment">ITA</abbr>' in first
    assert render_markdown("ITA") == "<p>ITA</p>"  # the abbreviation did not leak
    assert render_markdown("*[ITA]: Integrity and Transparency Assessment\n\nITA") == first


def test_render_inline_has_no_paragraph_and_no_blocks():
    assert render_inline("**สำคัญ** [ลิงก์](https://e.x)") == (
        '<strong>สำคัญ</strong> <a href="https://e.x" rel="noopener noreferrer">ลิงก์</a>'
    )
    assert render_inline("1. ข้อแรก") == "1. ข้อแรก"
    assert render_inline("# ไม่ใช่หัวเรื่อง") == "# ไม่ใช่หัวเรื่อง"
    assert render_inline("- ไม่ใช่รายการ") == "- ไม่ใช่รายการ"
    assert render_inline("<script>x</script><p onclick=y>ok</p>") == "ok"


def test_plain_text_strips_tags_and_collapses_whitespace():
    text = plain_text("# หัว\n\n<p>ก</p><p>ข</p>\n\n- a &amp; b\n-   c\n\n<script>bad()</script>")
    assert text == "หัว ก ข a & b c"


def test_plain_text_limit_adds_ellipsis():
    assert plain_text("หนึ่ง สอง สาม", limit=7) == "หนึ่ง…"
    assert plain_text("สั้น", limit=10) == "สั้น"


DANGEROUS = st.sampled_from([
    "<script>alert(1)</script>", "<SCRIPT SRC=//x.js></SCRIPT>", "<img src=x onerror=alert(1)>",
    "<p onclick='x()'>", '<a href="javascript:alert(1)">', "[a](javascript:alert(1))",
    "![i](data:image/png;base64,AA)", "<svg onload=alert(1)>", "<iframe src=//e.x>", "<style>*{}</style>",
    '<a href="  jav&#x0A;ascript:x">', "<div style='x:y'>", "{: onclick=x }", "<math><mi xlink:href=javascript:x>",
    "<!--", "-->", "`", "```", "\n", "# ", "- ", "| a |\n|--|\n", "<", ">", "&", '"', "'", "vbscript:x",
    "<form action=javascript:x><button formaction=javascript:y>", "<object data=x>",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(DANGEROUS, st.text(max_size=20)), max_size=12).map("".join))
def test_output_is_safe_for_any_input(source):
    assert_safe(render_markdown(source))
    assert_safe(render_inline(source))
