"""site.yaml `logo:`: the agency's logo for the icons and the sharing cards, checked before anything is drawn.

The value is a path relative to the project (the folder holding content/), e.g. `static/logo.png`. It must
stay inside the project (no absolute path, no `..`, no symlink leading out), be a PNG or JPEG whose first
bytes say so, at most MAX_BYTES large and MAX_PIXELS pixels (checked from the header, before a single
pixel is decoded: no decompression bomb), and decode whole. SVG is refused: nothing installed with
ita-site rasterises SVG safely (an SVG may load files, fonts or other documents), so the message asks for
a PNG. Each problem is placed at the value in content/site.yaml.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from ita_site.content.validate import show
from ita_site.errors import Problems

TYPES = {"png": (b"\x89PNG\r\n\x1a\n", "PNG"), "jpg": (b"\xff\xd8\xff", "JPEG"), "jpeg": (b"\xff\xd8\xff", "JPEG")}
MAX_BYTES = 5 * 1024 * 1024          # a logo is rarely over 1 MB
MAX_PIXELS = 4096 * 4096             # checked before decoding: a tiny file can claim a huge image
_INSIDE_HINT = ("คัดลอกไฟล์โลโก้มาไว้ในโครงการ เช่น static/logo.png แล้วเขียน logo: static/logo.png"
                " / copy the logo into the project, e.g. static/logo.png, and write logo: static/logo.png")
_PNG_HINT = ("ส่งออก (export) โลโก้เป็นไฟล์ PNG ขนาดอย่างน้อย 512x512 พิกเซล"
             " / export the logo as a PNG of at least 512x512 pixels")


@dataclass(frozen=True)
class Logo:
    rel: str          # as written in site.yaml
    data: bytes       # the file's bytes, read once: what is checked is what is drawn
    digest: str       # SHA-256 of data: part of every card's reuse key

    def image(self):
        return decode(self.data)


class BadImage(Exception):
    """A logo that cannot be used: (Thai, English, hint)."""


def check(project: Path, site_doc, problems: Problems, output: Path | None = None) -> Logo | None:
    """The site's logo, or None (none set, or a problem added at the value in site.yaml)."""
    value = (site_doc.data or {}).get("logo") if site_doc is not None else None
    if not isinstance(value, str) or not value:
        return None                   # none set; a wrong type is the schema's problem
    try:
        data = _read(project, value, output)
        decode(data)
    except (BadImage, OSError, ValueError) as bad:
        why = bad.args if isinstance(bad, BadImage) else (
            f"อ่านไฟล์โลโก้ '{show(value)}' ไม่ได้", f"the logo file cannot be read: {show(bad, 120)}",
            "ตรวจสิทธิ์การอ่านไฟล์ / check that the file can be read")
        line, col = site_doc.positions.of(("logo",))
        problems.add(site_doc.rel, line, col, *why)
        return None
    return Logo(value, data, hashlib.sha256(data).hexdigest())


def _read(project: Path, value: str, output: Path | None) -> bytes:
    shown = show(value)
    if "\\" in value:
        raise BadImage(f"ที่อยู่โลโก้ '{shown}' มีเครื่องหมาย \\", f"the logo path '{shown}' has a backslash",
                       "ใช้ / คั่นโฟลเดอร์ เช่น static/logo.png / separate folders with /, e.g. static/logo.png")
    if value.startswith(("/", "~")) or re.match(r"[A-Za-z]:", value):
        raise BadImage(f"ที่อยู่โลโก้ '{shown}' เป็นที่อยู่เต็ม (absolute) ต้องนับจากโฟลเดอร์โครงการ",
                       f"the logo path '{shown}' is absolute: it must be relative to the project folder", _INSIDE_HINT)
    if ".." in value.split("/"):
        raise BadImage(f"ที่อยู่โลโก้ '{shown}' มี .. ซึ่งชี้ออกนอกโฟลเดอร์โครงการ",
                       f"'..' in the logo path '{shown}' leads outside the project folder", _INSIDE_HINT)
    name = value.rstrip("/").rpartition("/")[2]
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    if ext in ("svg", "svgz"):
        raise BadImage(f"โลโก้ชนิด .{ext} ยังใช้ไม่ได้ เพราะระบบแปลง SVG เป็นภาพ PNG ของไอคอนและภาพสำหรับแชร์อย่างปลอดภัยไม่ได้",
                       f"an .{ext} logo is not supported: the build cannot turn SVG into the PNG icons and cards safely",
                       _PNG_HINT)
    if ext not in TYPES:
        what = f"ไฟล์ .{ext} " if ext else "ไฟล์ที่ไม่มีนามสกุล "
        raise BadImage(f"ใช้{what}เป็นโลโก้ไม่ได้ ใช้ได้เฉพาะภาพ PNG หรือ JPEG",
                       f"'{show(name)}' cannot be the logo: only PNG or JPEG images (.png, .jpg, .jpeg)", _PNG_HINT)
    path = project / value
    root = os.path.realpath(project)
    if not os.path.lexists(path):
        raise BadImage(f"ไม่พบไฟล์โลโก้ '{shown}' (นับจากโฟลเดอร์โครงการที่มี content/)",
                       f"logo file not found: {shown} (relative to the project folder, beside content/)",
                       "ตรวจชื่อไฟล์ (ตัวพิมพ์เล็ก-ใหญ่ นามสกุล) หรือคัดลอกไฟล์ไปไว้ที่นั่น / check the name or copy the file there")
    real = os.path.realpath(path)
    if not Path(real).is_relative_to(root):
        raise BadImage(f"ไฟล์โลโก้ '{shown}' เป็นลิงก์ (symlink) ที่ชี้ออกไปนอกโฟลเดอร์โครงการ",
                       "the logo is a symlink leading outside the project folder", "คัดลอกไฟล์จริงมาแทน / copy the real file")
    if output is not None and Path(real).is_relative_to(os.path.realpath(output)):
        raise BadImage(f"ไฟล์โลโก้ '{shown}' อยู่ในโฟลเดอร์ผลลัพธ์ ซึ่งถูกแทนที่ทุกครั้งที่สร้างเว็บไซต์",
                       "the logo lies in the output folder, which every build replaces", _INSIDE_HINT)
    if not os.path.isfile(real):
        raise BadImage(f"โลโก้ '{shown}' ไม่ใช่ไฟล์ธรรมดา (ลิงก์เสีย โฟลเดอร์ หรือ pipe)",
                       "the logo is not a regular file (a broken symlink, a folder or a pipe)",
                       "คัดลอกไฟล์จริงมาแทน / copy the real file")
    size = os.path.getsize(real)
    if size > MAX_BYTES:
        raise BadImage(f"ไฟล์โลโก้ '{shown}' ใหญ่เกินไป ({size / 1048576:.1f} MB เกิน {MAX_BYTES // 1048576} MB)",
                       f"the logo file is too large: {size:,} bytes, over {MAX_BYTES:,}",
                       "ย่อภาพเหลือประมาณ 1024x1024 พิกเซล / resize it to about 1024x1024 pixels")
    with open(real, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    signature, _format = TYPES[ext]
    if not data.startswith(signature):
        raise BadImage(f"เนื้อในของไฟล์โลโก้ '{shown}' ไม่ใช่ไฟล์ .{ext} จริง (ไบต์แรกไม่ตรงกับชนิดไฟล์)",
                       f"the logo '{shown}' does not start like a .{ext} file (its first bytes are {data[:8].hex(' ')})",
                       f"บันทึกไฟล์ใหม่จากโปรแกรมต้นฉบับให้เป็น .{ext} จริง หรือแก้นามสกุลให้ตรงกับชนิดไฟล์"
                       f" / save it again as a real .{ext} file, or give it the extension of what it is")
    return data


def decode(data: bytes):
    """The logo as an RGBA image (a JPEG's EXIF orientation applied); BadImage when it cannot be used."""
    from PIL import Image, ImageOps

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")                                  # e.g. palette transparency notes
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=("PNG", "JPEG")) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise _too_many(f"{width}x{height}")
                image.load()
                return ImageOps.exif_transpose(image).convert("RGBA")
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many("") from None
        except BadImage:
            raise
        except Exception as exc:        # Pillow raises OSError, ValueError, SyntaxError ... for broken files
            raise BadImage("อ่านภาพโลโก้ไม่ได้ (ไฟล์เสียหรือไม่สมบูรณ์)",
                           f"the logo cannot be read as an image: {show(exc, 120)}",
                           "บันทึกไฟล์ใหม่จากโปรแกรมต้นฉบับเป็น PNG / save it again from the original program as PNG") from None


def _too_many(size: str) -> BadImage:
    said = f"{size} พิกเซล " if size else ""
    return BadImage(f"ภาพโลโก้ใหญ่เกินไป ({said}เกิน {MAX_PIXELS:,} พิกเซล)",
                    f"the logo image is too large: {size + ' pixels, ' if size else ''}over {MAX_PIXELS:,} pixels (4096x4096)",
                    "ย่อภาพให้ไม่เกิน 4096x4096 พิกเซล (1024x1024 ก็พอ) / resize it to at most 4096x4096 pixels (1024x1024 is plenty)")
