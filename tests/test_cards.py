"""The icon and the sharing cards: files made at build time, tags in <head>, same bytes every build."""

from __future__ import annotations

import re
import struct
from xml.etree import ElementTree

from PIL import Image
from sitekit import build, minimal_files, write_site

from ita_site.publish import cards, cardtext


def _chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    names, pos = [], 8
    while pos < len(data):
        length, name = struct.unpack(">I4s", data[pos:pos + 8])
        names.append(name)
        pos += 12 + length
    return names


def _site(capsys, tmp_path, overrides=None):
    project = write_site(tmp_path, minimal_files(overrides))
    code, _out, err = build(capsys, project)
    assert code == 0, err
    return project / "output"


def test_icons_and_cards_are_written(capsys, tmp_path):
    out = _site(capsys, tmp_path)
    for size in cards.ICON_SIZES:
        with Image.open(out / f"assets/icon-{size}.png") as image:
            assert image.size == (size, size)
    for rel in ("assets/cards/site.png", "assets/cards/2564-o43.png"):
        data = (out / rel).read_bytes()
        assert b"tIME" not in _chunks(data)                    # no time in the file
        with Image.open(out / rel) as image:
            assert image.size == (1200, 630)
    svg = ElementTree.fromstring((out / "assets/icon.svg").read_bytes())
    tags = {element.tag.rsplit("}", 1)[-1] for element in svg.iter()}
    assert tags == {"svg", "rect", "path"}                    # a glyph outline: no text, no script
    assert len(svg.find("{http://www.w3.org/2000/svg}path").get("d")) > 100


def test_pages_name_their_card_icon_and_twitter_card(capsys, tmp_path):
    out = _site(capsys, tmp_path)
    item = (out / "2564/o43/index.html").read_text(encoding="utf-8")
    meta = dict(re.findall(r'<meta (?:property|name)="([a-z:_]+)" content="([^"]*)">', item))
    assert meta["og:image"] == "https://www.test.go.th/ita/assets/cards/2564-o43.png"
    assert meta["twitter:image"] == meta["og:image"] and meta["twitter:card"] == "summary_large_image"
    assert meta["og:image:alt"].startswith("สำนักงานทดสอบ: ปีงบประมาณ พ.ศ. ๒๕๖๔ รายการ O43 ")
    indicator = (out / "2564/o43/indicator-1/index.html").read_text(encoding="utf-8")
    assert 'content="https://www.test.go.th/ita/assets/cards/2564-o43.png"' in indicator
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="https://www.test.go.th/ita/assets/cards/site.png">' in home
    assert '<link rel="icon" href="assets/icon.svg" type="image/svg+xml">' in home
    assert '<link rel="apple-touch-icon" href="assets/icon-180.png">' in home
    assert '<link rel="icon" href="../../assets/icon.svg" type="image/svg+xml">' in item


def test_two_builds_give_the_same_bytes_and_a_changed_title_a_new_card(capsys, tmp_path, monkeypatch):
    first = _site(capsys, tmp_path / "a")
    drawn = []
    real = cards.card_png
    monkeypatch.setattr(cards, "card_png", lambda *args, **kw: drawn.append(args[4]) or real(*args, **kw))
    second = _site(capsys, tmp_path / "b")                   # a fresh output folder: every card is drawn
    assert drawn == ["", "O43"]
    for rel in ["assets/icon.svg", *(f"assets/icon-{s}.png" for s in cards.ICON_SIZES),
                "assets/cards/site.png", "assets/cards/2564-o43.png"]:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
    drawn.clear()
    project = tmp_path / "b"
    assert build(capsys, project)[0] == 0                    # nothing changed: the cards are reused
    assert drawn == []
    assert (project / "output/assets/cards/2564-o43.png").read_bytes() == (first / "assets/cards/2564-o43.png").read_bytes()
    item = project / "content/2564/o43/item.yaml"
    item.write_text(item.read_text(encoding="utf-8") + "title: ชื่อใหม่ของรายการ\n", encoding="utf-8")
    assert build(capsys, project)[0] == 0
    assert drawn == ["O43"]                                   # only the changed item's card is drawn again
    assert (project / "output/assets/cards/2564-o43.png").read_bytes() != (first / "assets/cards/2564-o43.png").read_bytes()


def test_monogram_skips_the_agency_kind():
    assert cardtext.monogram("จังหวัดสตูล") == "ส"
    assert cardtext.monogram("กรมบัญชีกลาง") == "บ"
    assert cardtext.monogram("เทศบาลเมืองสตูล") == "ส"
    assert cardtext.monogram("องค์การบริหารส่วนตำบลเกาะสาหร่าย") == "ก"
    assert cardtext.monogram("Test Office") == "T"


def test_long_titles_wrap_on_three_lines_at_most():
    title = "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน " * 4
    lines = cardtext.wrap(title, 52, True, 1056, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(cardtext.width(line, 52, True) <= 1056 for line in lines)
    assert not any(line[0] in cardtext.NO_START for line in lines)      # no line starts with a Thai mark


def test_a_sites_own_static_file_replaces_the_drawn_icon_or_card(capsys, tmp_path, monkeypatch):
    import io

    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 0, 0)).save(buffer, "PNG")
    own = buffer.getvalue()
    drawn = []
    real = cards.card_png
    monkeypatch.setattr(cards, "card_png", lambda *args, **kw: drawn.append(args[4]) or real(*args, **kw))
    out = _site(capsys, tmp_path, {"static/icon-32.png": own, "static/cards/2564-o43.png": own})
    assert (out / "assets/icon-32.png").read_bytes() == own
    assert (out / "assets/cards/2564-o43.png").read_bytes() == own
    assert drawn == [""]                                      # the site's card only: the item's is its own file


def _png_bytes(colour, size=(64, 64), mode="RGB") -> bytes:
    import io

    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def _logo_site(tmp_path, colour=(220, 0, 0), size=(64, 64)):
    from sitekit import SITE_YAML

    return {"content/site.yaml": SITE_YAML + "logo: static/logo.png\n", "static/logo.png": _png_bytes(colour, size)}


def _dominant(path) -> tuple[int, int, int]:
    with Image.open(path) as image:
        return max(image.convert("RGB").getcolors(1 << 20))[1]


def test_a_logo_in_site_yaml_makes_the_icons_and_cards(capsys, tmp_path):
    out = _site(capsys, tmp_path, _logo_site(tmp_path))
    for size in cards.ICON_SIZES:
        assert _dominant(out / f"assets/icon-{size}.png") == (220, 0, 0), size   # the logo's red, not brand blue
        with Image.open(out / f"assets/icon-{size}.png") as image:
            assert image.size == (size, size) and not image.info
    for rel in ("assets/cards/site.png", "assets/cards/2564-o43.png"):
        data = (out / rel).read_bytes()
        assert b"tIME" not in _chunks(data)
        with Image.open(out / rel) as image:
            rgb = image.convert("RGB")
            assert image.size == (1200, 630)
            assert rgb.getpixel((72 + 56, 56 + 56)) == (220, 0, 0)             # the logo where the monogram was
            assert rgb.getpixel((72 + 4, 56 + 4)) == (255, 255, 255)           # on its white square
            assert rgb.getpixel((20, 300)) == cards.BRAND
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'type="image/svg+xml"' not in home                  # browsers take the logo PNG, not the monogram SVG
    assert '<link rel="icon" href="assets/icon-192.png" type="image/png" sizes="192x192">' in home


def test_a_logo_gives_the_same_bytes_twice_and_a_new_logo_new_icons(capsys, tmp_path, monkeypatch):
    first = _site(capsys, tmp_path / "a", _logo_site(tmp_path))
    second = _site(capsys, tmp_path / "b", _logo_site(tmp_path))
    names = [*(f"assets/icon-{s}.png" for s in cards.ICON_SIZES), "assets/cards/site.png", "assets/cards/2564-o43.png"]
    for rel in names:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
    monogram = _site(capsys, tmp_path / "c")
    for rel in names:
        assert (first / rel).read_bytes() != (monogram / rel).read_bytes(), rel
    drawn = []
    real = cards.card_png
    monkeypatch.setattr(cards, "card_png", lambda *args, **kw: drawn.append(args[4]) or real(*args, **kw))
    project = tmp_path / "b"
    assert build(capsys, project)[0] == 0                    # the same logo: the cards are reused
    assert drawn == []
    (project / "static/logo.png").write_bytes(_png_bytes((0, 160, 0)))     # only the logo's bytes change
    assert build(capsys, project)[0] == 0
    assert drawn == ["", "O43"]                              # every card is drawn again
    for rel in names:
        assert (project / "output" / rel).read_bytes() != (first / rel).read_bytes(), rel
    assert _dominant(project / "output/assets/icon-512.png") == (0, 160, 0)


def test_a_transparent_or_wide_jpeg_logo_is_fitted_on_white(capsys, tmp_path):
    import io

    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), (0, 0, 200)).save(buffer, "JPEG", quality=95)
    out = _site(capsys, tmp_path / "j", {"content/site.yaml": _logo_site(tmp_path)["content/site.yaml"].replace(
        "static/logo.png", "logo.jpg"), "logo.jpg": buffer.getvalue()})
    with Image.open(out / "assets/icon-512.png") as image:
        rgb = image.convert("RGB")
        assert rgb.getpixel((256, 20)) == (255, 255, 255) and rgb.getpixel((256, 256))[2] > 180
    clear = _site(capsys, tmp_path / "t", {**_logo_site(tmp_path), "static/logo.png": _png_bytes((0, 0, 0, 0), mode="RGBA")})
    assert _dominant(clear / "assets/icon-192.png") == (255, 255, 255)
