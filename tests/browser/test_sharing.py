"""Icon and sharing tags as a browser and a link preview see them."""

from __future__ import annotations

from .conftest import HOME, INDICATOR, ITEM


def test_pages_load_without_a_failed_request_or_console_error(new_page, default_site):
    """No icon used to mean a 404 for /favicon.ico on every visit."""
    page = new_page(viewport={"width": 412, "height": 915})
    failed, errors = [], []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for path in (HOME, ITEM, INDICATOR):
        page.goto(default_site.url(path), wait_until="load")
        page.wait_for_timeout(300)
    assert not failed and not errors, (failed, errors)


def test_icons_and_card_are_served_as_images(page, default_site):
    page.goto(default_site.url(ITEM))
    icon = page.get_attribute('link[rel="icon"][type="image/svg+xml"]', "href")
    card = page.get_attribute('meta[property="og:image"]', "content")
    assert icon == "../../assets/icon.svg"
    assert card == "https://www.satun.go.th/ita/assets/cards/2564-o43.png"
    svg = page.request.get(default_site.url("/assets/icon.svg"))
    assert svg.ok and svg.headers["content-type"].startswith("image/svg")
    png = page.request.get(default_site.url("/assets/cards/2564-o43.png"))
    assert png.ok and png.headers["content-type"] == "image/png" and png.body()[:4] == b"\x89PNG"
