"""The last line of defence: an unexpected exception becomes a short Thai and English report.

A Python traceback never reaches a webmaster's terminal or serve's page. The report names the file
being processed when it broke (stages call `at()` as they go), the exit code EXIT_INTERNAL (70,
EX_SOFTWARE of sysexits.h: not a content problem), and the file where the whole traceback was
logged, in the system's temporary folder (never in the project or output/), for a bug report.
"""

from __future__ import annotations

import os
import tempfile
import traceback

EXIT_INTERNAL = 70
_current = ["(เริ่มต้น / start)"]


def at(what: str) -> None:
    """Say which file the build is working on (cheap: one list store)."""
    _current[0] = what


def current() -> str:
    return _current[0]


def log(exc: BaseException) -> str:
    """Write the traceback to a new file in the temporary folder; its path ('' if even that fails)."""
    try:
        handle, path = tempfile.mkstemp(prefix="ita-site-crash-", suffix=".log")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(f"file: {current()}\n\n")
            stream.write("".join(traceback.format_exception(exc)))
        return path
    except OSError:
        return ""


def report(exc: BaseException) -> str:
    """The short message shown instead of a traceback."""
    path = log(exc)
    where = (f"บันทึกรายละเอียดไว้ที่ {path} (full traceback in {path})" if path
             else "บันทึกรายละเอียดไม่ได้ (the traceback could not be logged)")
    return (f"{current()}: เกิดข้อผิดพลาดภายในโปรแกรม ita-site ขณะประมวลผลไฟล์นี้ "
            f"(internal error while processing this file: {type(exc).__name__})\n"
            f"    {where}; ยังไม่ได้แตะต้อง output/ (output/ is unchanged)\n"
            "    วิธีแก้ (hint): แจ้งผู้ดูแลระบบพร้อมไฟล์บันทึกนั้น และลองตรวจไฟล์ที่ระบุ"
            " / report it with that log file, and check the file named above")
