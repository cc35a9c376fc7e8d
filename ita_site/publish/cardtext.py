"""Text on the icon and the sharing cards (cards.py): the bundled Sarabun, one font per script, and Thai
line breaking.

Sarabun is bundled as one subset per script, so a line is drawn as runs of Thai and of other text, each
in its own font (Pillow with libraqm, so Thai marks sit where they should). Thai has no spaces between
words: a line breaks at a space where it can, else between letters, never before a mark or a following
vowel, nor after a leading vowel.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"
PREFIXES = ("องค์การบริหารส่วนจังหวัด", "องค์การบริหารส่วนตำบล", "องค์การบริหารส่วน", "สำนักงาน", "กระทรวง",
            "จังหวัด", "เทศบาลนคร", "เทศบาลเมือง", "เทศบาลตำบล", "เทศบาล", "กรม", "สถาบัน", "มหาวิทยาลัย")
THAI = re.compile(r"[\u0E00-\u0E7F]+")
_CONSONANT = re.compile(r"[\u0E01-\u0E2E]")
# Thai characters a line may not start with (marks above/below, following vowels) or end with (leading vowels).
NO_START = set("\u0E30\u0E31\u0E32\u0E33\u0E34\u0E35\u0E36\u0E37\u0E38\u0E39\u0E3A\u0E45\u0E47\u0E48\u0E49"
               "\u0E4A\u0E4B\u0E4C\u0E4D\u0E4E")
NO_END = set("\u0E40\u0E41\u0E42\u0E43\u0E44")


def monogram(agency: str) -> str:
    """The letter of the icon: the first Thai consonant after a common prefix, else the first letter."""
    name = unicodedata.normalize("NFC", agency.strip())
    for prefix in PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix):]
            break
    match = _CONSONANT.search(name)
    if match:
        return match.group(0)
    letters = [c for c in name if c.isalnum()]
    return letters[0].upper() if letters else "I"


@functools.cache
def face(size: int, bold: bool, thai_script: bool):
    from PIL import ImageFont

    name = f"sarabun-{'thai' if thai_script else 'latin'}-{700 if bold else 400}-normal.woff2"
    return ImageFont.truetype(str(FONTS / name), size, layout_engine=ImageFont.Layout.RAQM)


def _runs(text: str) -> list[tuple[str, bool]]:
    """Text split into Thai and other runs (each subset of Sarabun holds one script)."""
    out, pos = [], 0
    for match in THAI.finditer(text):
        if match.start() > pos:
            out.append((text[pos:match.start()], False))
        out.append((match.group(0), True))
        pos = match.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def width(text: str, size: int, bold: bool) -> float:
    return sum(face(size, bold, is_thai).getlength(run) for run, is_thai in _runs(text))


def draw_text(draw, xy: tuple[float, float], text: str, size: int, bold: bool, fill) -> None:
    """Draw text with its left end of the baseline at xy, each script run in its own font."""
    x, y = xy
    for run, is_thai in _runs(text):
        font = face(size, bold, is_thai)
        draw.text((x, y), run, font=font, fill=fill, anchor="ls")
        x += font.getlength(run)


def wrap(text: str, size: int, bold: bool, room: float, max_lines: int) -> list[str]:
    """Lines of at most `room` pixels: break at spaces where possible, else between Thai letters
    (never before a mark or after a leading vowel); the last line ends with … when text is left over."""
    text = " ".join(text.split())
    lines: list[str] = []
    while text and len(lines) < max_lines:
        if width(text, size, bold) <= room:
            lines.append(text)
            text = ""
            break
        cut = _fit(text, size, bold, room)
        space = text.rfind(" ", 0, cut + 1)
        if space > cut // 2:
            cut = space
        lines.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text and lines:
        last = lines[-1]
        while last and width(last + "…", size, bold) > room:
            last = last[:-1]
        while last and (last[-1] in NO_END):
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def _fit(text: str, size: int, bold: bool, room: float) -> int:
    """The longest prefix length that fits, moved back to a place a Thai line may break."""
    low, high = 1, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if width(text[:mid], size, bold) <= room:
            low = mid
        else:
            high = mid - 1
    cut = low
    while 1 < cut < len(text) and (text[cut] in NO_START or text[cut - 1] in NO_END):
        cut -= 1
    return max(cut, 1)
