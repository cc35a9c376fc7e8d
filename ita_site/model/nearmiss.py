""""Did you mean …?" for an attachment that is not where its `file:` says: the file right there whose
name is one or two letters off (ประกาศเจตนารมย์.pdf for ประกาศเจตนารมณ์.pdf), differs in letter case
or Unicode form, or lies in files/ when the `files/` prefix was left out."""

from __future__ import annotations

import difflib
import posixpath
import unicodedata


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def nearest(rel: str, folder: str, files) -> str | None:
    """The path relative to `folder` (as `file:` is written) of the existing file meant by `rel`."""
    prefix = folder.rstrip("/") + "/"
    present = [key[len(prefix):] for key in files if key.startswith(prefix)]
    if not present:
        return None
    wanted = _norm(posixpath.normpath(rel))
    by_norm = {_norm(p): p for p in present}
    for guess in (wanted, "files/" + wanted):
        if guess in by_norm and by_norm[guess] != rel:
            return by_norm[guess]
    names = {_norm(posixpath.basename(p)): p for p in present}
    base = posixpath.basename(wanted)
    close = difflib.get_close_matches(wanted, list(by_norm), n=1, cutoff=0.85)
    if close:
        return by_norm[close[0]]
    close = difflib.get_close_matches(base, list(names), n=1, cutoff=0.85)
    return names[close[0]] if close else None


def hint(meant: str) -> str:
    return (f"คุณหมายถึง '{meant}' หรือไม่? แก้ file: ให้ตรงกับชื่อไฟล์ทุกตัวอักษร"
            f" (did you mean '{meant}'? make file: match the file's name exactly)")
