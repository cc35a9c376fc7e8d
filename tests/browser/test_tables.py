"""Table items on a phone: the rows are stacked boxes, with each cell's column name, and nothing scrolls sideways."""

from .page_checks import row_displays, scroll_width


def test_procurement_table_is_stacked_with_labels_at_320px(new_page, built_site):
    site = built_site("tables")
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(site.url("/2569/o11/"))
    rows = row_displays(page, "table.rows-table tr")
    assert len(rows) > 6 and set(rows) <= {"block", "grid"}, sorted(set(rows))
    label = page.evaluate("""() => getComputedStyle(document.querySelector(
        'table.rows-table td[data-label="ราคาที่ตกลง"]'), '::before').content""")
    assert "ราคาที่ตกลง" in label
    assert scroll_width(page)["scrollWidth"] <= 320
    assert page.locator("#period-2569-02 .none-statement").inner_text() == "ไม่มีการจัดซื้อจัดจ้าง"


def test_procurement_table_is_a_table_on_a_desktop(page, built_site):
    site = built_site("tables")
    page.goto(site.url("/2569/o11/"))
    assert set(row_displays(page, "table.rows-table tr")) == {"table-row"}
    headers = page.locator("#period-2568-10 thead th[scope=col]").all_inner_texts()
    assert headers[:3] == ["ที่", "ชื่อรายการ", "วงเงินงบประมาณ (บาท)"]
