"""Output: the site's icon (SVG and PNG) and a sharing card per item (og:image), made at build time.

- assets/icon.svg            the agency's monogram: its first Thai letter (after "จังหวัด", "กรม" ...) as a
                             glyph outline from Sarabun Bold, so it needs no font on the viewer's machine;
- assets/icon-32.png, assets/icon-180.png (apple-touch-icon), assets/icon-192.png, assets/icon-512.png;
  with site.yaml `logo:` these show the logo (cardlogo.py), and so does each card where the monogram
  would be. The SVG stays the monogram, and pages then do not link it (views.py), so browsers take the
  logo PNG: a PNG inside the SVG as a data: URI would be blocked by the site's own CSP (img-src 'self'),
  which the server rules send with icon.svg too, and an SVG used as an image may not load another file.
- assets/cards/site.png      1200x630 card of the site (home, year and free pages);
- assets/cards/<fy>-<code>.png  card of an item: agency, fiscal year, code and title (item and indicator pages).

Drawn by Pillow (with libraqm, so Thai marks sit where they should) with the bundled Sarabun (the text:
cardtext.py); PNGs carry no time or other metadata, so the same content gives the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import io
from pathlib import Path

from ita_site import thai, urls
from ita_site.publish import cardlogo, cardtext

BRAND, BRAND_TEXT, ACCENT = (0x12, 0x3A, 0x63), (255, 255, 255), (0xFF, 0xBF, 0x47)
CARD_SIZE = (1200, 630)
ICON_SIZES = (32, 180, 192, 512)


# --------------------------------------------------------------------------- images


LEVELS = 16           # anti-aliasing levels per colour in the palette


def _palette() -> list[int]:
    """Brand blue blended to white (indexes 0-15), then to the accent (16-31)."""
    out = []
    for colour in (BRAND_TEXT, ACCENT):
        for level in range(LEVELS):
            out += [round(b + (c - b) * level / (LEVELS - 1)) for b, c in zip(BRAND, colour)]
    return out


class _Canvas:
    """Two coverage masks (white text, accent shapes) made into one 32-colour palette image at the end:
    cheaper to draw and to compress than RGB, and the same bytes for the same drawing."""

    def __init__(self, size: tuple[int, int]):
        from PIL import Image, ImageDraw

        self.size = size
        self.white, self.accent = Image.new("L", size, 0), Image.new("L", size, 0)
        self.draw_white, self.draw_accent = ImageDraw.Draw(self.white), ImageDraw.Draw(self.accent)

    def image(self):
        from PIL import Image

        step = 255 / (LEVELS - 1)
        white = self.white.point([round(v / step) for v in range(256)])
        accent = self.accent.point([LEVELS + round(v / step) for v in range(256)])
        mask = self.accent.point([0] + [255] * 255)
        merged = Image.composite(accent, white, mask)
        image = Image.frombytes("P", self.size, merged.tobytes())
        image.putpalette(_palette())
        return image


def _png(image, key: str = "") -> bytes:
    """PNG bytes without a time chunk; `key` (the hash of what the image shows) goes into one tEXt
    chunk, so a later build can reuse the file."""
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    if key:
        info.add_text(CACHE_KEY, key)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=False, compress_level=6, pnginfo=info)
    return buffer.getvalue()


CACHE_KEY = "ita-site-card"
VERSION = "2"         # raise when the drawing changes: every cached card is then drawn again


def _key(*parts: str) -> str:
    return hashlib.sha256("\x00".join((VERSION, *parts)).encode("utf-8")).hexdigest()


def _cached(previous: Path | None, rel: str, key: str) -> bytes | None:
    """The bytes of the card the previous build wrote at `rel`, when it was drawn from the same content."""
    if previous is None:
        return None
    path = previous / rel
    try:
        data = path.read_bytes()
    except OSError:
        return None
    marker = CACHE_KEY.encode("ascii") + b"\x00" + key.encode("ascii")
    return data if marker in data[:512] else None


@functools.lru_cache(maxsize=32)     # bytes, from the agency's name and a shipped font only
def icon_png(agency: str, size: int) -> bytes:
    return _png(_icon(agency, size))


def _draw_monogram(canvas: _Canvas, agency: str, x: int, y: int, size: int) -> None:
    letter = cardtext.monogram(agency)
    font = cardtext.face(int(size * 0.72), True, bool(cardtext.THAI.match(letter)))
    canvas.draw_white.text((x + size / 2, y + size / 2), letter, font=font, fill=255, anchor="mm")
    canvas.draw_accent.rectangle((x, y + size - size // 10, x + size - 1, y + size - 1), fill=255)


def _icon(agency: str, size: int):
    from PIL import Image

    scale = 4 if size < 128 else 1               # small icons: drawn large, then scaled down smoothly
    canvas = _Canvas((size * scale, size * scale))
    _draw_monogram(canvas, agency, 0, 0, size * scale)
    image = canvas.image()
    if scale > 1:
        image = image.convert("RGB").resize((size, size), Image.Resampling.LANCZOS)
    return image


@functools.lru_cache(maxsize=32)     # bytes, from the agency's name and a shipped font only
def icon_svg(agency: str) -> bytes:
    """The monogram as an SVG path (the glyph outline of Sarabun Bold): no font, no script, no text."""
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.ttLib import TTFont

    letter = cardtext.monogram(agency)
    script = "thai" if cardtext.THAI.match(letter) else "latin"
    font = TTFont(str(cardtext.FONTS / f"sarabun-{script}-700-normal.woff2"))
    glyph_name = font.getBestCmap().get(ord(letter))
    glyphs = font.getGlyphSet()
    path = ""
    if glyph_name:
        upem = font["head"].unitsPerEm
        glyph = glyphs[glyph_name]
        scale = 0.72 * 512 / upem
        bounds = _bounds(glyphs, glyph_name)
        x0, y0, x1, y1 = bounds
        dx = 256 - (x0 + x1) / 2 * scale
        dy = 256 + (y0 + y1) / 2 * scale            # font y grows upwards: flip around the middle
        pen = SVGPathPen(glyphs, ntos=lambda v: f"{v:.1f}".rstrip("0").rstrip("."))
        glyph.draw(TransformPen(pen, (scale, 0, 0, -scale, dx, dy)))
        path = pen.getCommands()
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">'
           f'<rect width="512" height="512" fill="#{_hex(BRAND)}"/>'
           f'<rect y="461" width="512" height="51" fill="#{_hex(ACCENT)}"/>'
           f'<path d="{path}" fill="#{_hex(BRAND_TEXT)}"/></svg>\n')
    return svg.encode("ascii")


def _bounds(glyphs, name: str) -> tuple[float, float, float, float]:
    from fontTools.pens.boundsPen import BoundsPen

    pen = BoundsPen(glyphs)
    glyphs[name].draw(pen)
    return pen.bounds or (0, 0, 0, 0)


def _hex(rgb) -> str:
    return "".join(f"{c:02x}" for c in rgb)


def card_png(agency: str, agency_en: str, host: str, heading: str, code: str, title: str,
             key: str = "", tile=None) -> bytes:
    """A 1200x630 sharing card: agency on top, `heading` (the fiscal year), a big code, the title;
    `tile` (an RGB image, cardlogo.tile) in place of the monogram."""
    width, height = CARD_SIZE
    canvas = _Canvas(CARD_SIZE)
    white, accent = canvas.draw_white, canvas.draw_accent
    margin = 72
    accent.rectangle((0, height - 18, width, height), fill=255)
    if tile is None:
        _draw_monogram(canvas, agency, margin, 56, cardlogo.TILE)
    text_x = margin + 112 + 28
    for line in cardtext.wrap(agency, 44, True, width - text_x - margin, 1):
        cardtext.draw_text(white, (text_x, 56 + 52), line, 44, True, 255)
    if agency_en:
        line = cardtext.wrap(agency_en, 30, False, width - text_x - margin, 1)[0]
        cardtext.draw_text(white, (text_x, 56 + 98), line, 30, False, 255)
    y = 268
    if code:
        cardtext.draw_text(accent, (margin, y), code, 96, True, 255)
        cardtext.draw_text(white, (margin + cardtext.width(code, 96, True) + 32, y), heading, 36, False, 255)
    else:
        cardtext.draw_text(white, (margin, y - 20), heading, 40, False, 255)
        y -= 30
    for n, line in enumerate(cardtext.wrap(title, 52, True, width - 2 * margin, 3)):
        cardtext.draw_text(white, (margin, y + 86 + n * 74), line, 52, True, 255)
    cardtext.draw_text(white, (margin, height - 46), host, 28, False, 255)
    image = canvas.image()
    if tile is not None:
        image = image.convert("RGB")
        image.paste(tile, (margin, 56))
    return _png(image, key)


# --------------------------------------------------------------------------- the files


def files(site, ctx) -> list[tuple[str, bytes]]:
    """(output path, bytes) of the icons and every card of the site.

    `ctx.previous` is the output folder of the last build: a card drawn there from the same content (its
    tEXt key) is reused as it is, so a large site draws only the cards of items that changed. A file of
    the site's own static/ at the same path (ctx.static) replaces a drawn one, so that one is not drawn.
    """
    own = {rel for rel, _path in ctx.static}
    host = site.base_url.split("://", 1)[-1]
    logo, made = site.logo, {}

    def drawn(what: str):                        # the logo on white and its card tile: once a build, when needed
        if "flat" not in made:
            made["flat"] = cardlogo.flat(logo.image())
            made["tile"] = cardlogo.tile(made["flat"])
        return made[what]

    icons = [(urls.icon("svg"), lambda: icon_svg(site.agency))]
    icons += [(urls.icon(f"{size}.png"), lambda size=size: icon_png(site.agency, size) if logo is None else
               _png(cardlogo.icon(drawn("flat"), size))) for size in ICON_SIZES]
    cards = [(urls.card(), "การเปิดเผยข้อมูลสาธารณะ (ITA/OIT)", "", f"ข้อมูลการเปิดเผยข้อมูลสาธารณะของ{site.agency}")]
    cards += [(urls.card(item.year, item.code), f"ปีงบประมาณ พ.ศ. {thai.to_digits(item.year, site.digits)}",
               item.code, item.title) for item in site.items()]
    out = [(rel, make()) for rel, make in icons if rel not in own]
    for rel, heading, code, title in cards:
        if rel in own:
            continue
        key = _key(site.agency, site.agency_en, host, heading, code, title, *([logo.digest] if logo else []))
        cache = ctx.cache
        data = _cached(ctx.previous, rel, key) or (cache.get("card", key) if cache is not None else None)
        data = data or card_png(site.agency, site.agency_en, host, heading, code, title, key,
                                tile=drawn("tile") if logo else None)
        if cache is not None:                    # the build cache (buildcache.py) keeps it for CI
            cache.put("card", key, data)
        out.append((rel, data))
    return out
