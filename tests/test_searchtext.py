"""The text the search indexes (publish/searchtext.py): what is kept of a page, and how it is normalised."""

from __future__ import annotations

from hypothesis import given, strategies as st

from ita_site.publish.searchtext import display, fold, page_text

PAGE = """<html><body><header>ส่วนหัว</header>
<main id="main" data-search-body data-code="O43" data-fiscal-year="๒๕๖๔">
<p class="eyebrow"><a href="../">O43 รายงาน</a></p>
<h1>ตัวชี้วัดที่ ๖ การป้องกัน<br>การรับสินบน</h1>
<p class="updated">ปรับปรุงล่าสุด <time>1 ม.ค.</time></p>
<div class="measure"><p>มาตรการ&nbsp;ที่ ๑   ความโปร่งใส</p><div><p>ชั้นใน</p></div></div>
<nav class="pager"><a href="#">ก่อนหน้า</a><div>ถัดไป</div></nav>
<script>var x = "ไม่ใช่ข้อความ";</script><!-- ความเห็น -->
<p>ข้อความท้าย &amp; ต่อ</p>
</main><footer>ส่วนท้าย</footer></body></html>"""


def test_main_text_without_boilerplate_with_title_and_facts():
    page = page_text("2564/o43/indicator-6/", PAGE)
    assert page.title == "ตัวชี้วัดที่ ๖ การป้องกัน การรับสินบน"
    assert page.text == page.title + "\nมาตรการ ที่ ๑ ความโปร่งใส\nชั้นใน\nข้อความท้าย & ต่อ"
    assert (page.code, page.fiscal_year, page.url) == ("O43", "๒๕๖๔", "2564/o43/indicator-6/")


def test_pages_without_the_search_mark_are_not_indexed():
    assert page_text("search/", PAGE.replace(" data-search-body", "")) is None
    assert page_text("x/", "<main data-search-body>  <p class='updated'>x</p> </main>") is None


def test_pdf_private_use_glyphs_and_split_sara_am_read_as_thai():
    assert display("ป\uf70bองกัน การท\uf70aอง") == "ป้องกัน การท่อง"
    assert display("ค\u0e4d\u0e32ถาม น\u0e49\u0e4d\u0e32") == "คำถาม น้ำ"
    assert display("ก\u200bข\u00adค") == "กขค"


def test_fold_makes_digits_and_case_one():
    assert fold("O43 ๑๕๖๗ Ä") == "o43 1567 ä"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_fold_keeps_every_position(text):
    assert len(fold(text)) == len(text)


@given(st.text(alphabet=st.sampled_from("กขคำ่้๊๋ําุู \n\t0123๐๑๒AbİẞΣ\uf70b\uf705\u200b"), max_size=40))
def test_display_is_stable(text):
    once = display(text)
    assert display(once) == once and "\n\n" not in once and not once.startswith((" ", "\n"))
