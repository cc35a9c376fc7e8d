"""The agency's logo (site.yaml `logo:`, checked by content/logo.py) on the icons and the sharing cards,
in place of the monogram.

The logo is laid on white (a transparent logo's background), scaled down to fit a square with a small
margin with Lanczos, and centred. Made of fresh images only, so
none of the logo file's metadata (ICC profile, EXIF, text chunks) reaches the PNGs: the same logo bytes
give the same icon bytes.
"""

from __future__ import annotations

WHITE = (255, 255, 255)
TILE = 112            # the logo's square on a card, where the monogram would be


def flat(image):
    """An RGBA logo on white, as RGB."""
    from PIL import Image

    out = Image.new("RGB", image.size, WHITE)
    out.paste(image, (0, 0), image)
    return out


def fit(image, box: int, margin: int):
    """A white box x box square with the (flat RGB) logo fitted inside `margin` and centred."""
    from PIL import Image

    room = box - 2 * margin
    width, height = image.size
    scale = room / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    scaled = image if size == image.size else image.resize(size, Image.Resampling.LANCZOS)
    out = Image.new("RGB", (box, box), WHITE)
    out.paste(scaled, ((box - size[0]) // 2, (box - size[1]) // 2))
    return out


def icon(image, size: int):
    """The icon of `size` pixels: the logo filling it but for a 1/16 margin."""
    return fit(image, size, round(size / 16))


def tile(image):
    """The card's logo square."""
    return fit(image, TILE, 8)
