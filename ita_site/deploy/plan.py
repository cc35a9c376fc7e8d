"""The deploy manifest in DEST, and the plan a deploy makes from it.

DEST/.ita-site-deploy.json records every file a deploy of this site put in DEST, with its sha256 and
size ("files"), and the files a deploy in progress is writing ("pending"). Only files listed there are
ever replaced or deleted: everything else in DEST (the main site's files, hand-made files) is "not ours"
and stays. A file the site would write over one that is not ours is a conflict: nothing is uploaded.

Order: new and changed files that are not pages first (styles, images, attachments, data), then pages,
deepest first so the home page comes last, then .htaccess (its redirects point at pages now there);
deletions only after every upload.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from ita_site.deploy.targets import TEMP_SUFFIX, TargetError, temp_name
from ita_site.publish import serverrules

MANIFEST = serverrules.DEPLOY_RECORD          # the server rules built with the site do not serve it
FORMAT = 1
SKIPPED_PREFIX = ".ita-site"       # the build's own marker files in output/ are never uploaded


@dataclass
class Manifest:
    base_url: str
    files: dict[str, dict] = field(default_factory=dict)      # rel -> {"sha256": ..., "size": ...}
    pending: dict[str, dict] = field(default_factory=dict)

    def ours(self) -> dict[str, dict]:
        return {**self.files, **self.pending}

    def to_bytes(self) -> bytes:
        data = {"generator": "ita-site deploy", "format": FORMAT, "base_url": self.base_url,
                "files": dict(sorted(self.files.items())), "pending": dict(sorted(self.pending.items()))}
        return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def read_manifest(data: bytes | None, base_url: str, shown: str) -> Manifest:
    if data is None:
        return Manifest(base_url)
    try:
        raw = json.loads(data.decode("utf-8"))
        files, pending = raw["files"], raw.get("pending", {})
        if not isinstance(files, dict) or not isinstance(pending, dict):
            raise ValueError
        for entry in list(files.values()) + list(pending.values()):
            if not isinstance(entry.get("sha256"), str) or not isinstance(entry.get("size"), int):
                raise ValueError
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise TargetError(f"{shown}/{MANIFEST} เสียหาย อ่านไม่ได้ จึงไม่รู้ว่าไฟล์ใดเป็นของเว็บไซต์นี้ หยุดไว้ก่อน "
                          f"({MANIFEST} in DEST is damaged, so which files are ours is unknown; nothing was changed). "
                          f"วิธีแก้ (hint): กู้ไฟล์นี้จากสำรอง หรือย้ายออกแล้ว deploy ใหม่ "
                          f"(restore it from a backup, or move it away and deploy again)") from None
    if raw.get("base_url") != base_url:
        raise TargetError(f"{shown} มีเว็บไซต์อื่นอยู่ ({raw.get('base_url')}) ไม่ใช่ {base_url} จึงไม่แตะต้อง "
                          f"(DEST holds the deploy of another site, {raw.get('base_url')}; nothing was changed). "
                          f"วิธีแก้ (hint): ตรวจ DEST หรือ base_url ใน content/site.yaml")
    return Manifest(base_url, files, pending)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def local_files(output: Path) -> dict[str, dict]:
    """Every file of the built site: rel -> {"sha256", "size"}."""
    found = {}
    for path in sorted(output.rglob("*")):
        rel = path.relative_to(output).as_posix()
        if path.is_file() and not path.is_symlink() and not rel.startswith(SKIPPED_PREFIX):
            data = path.read_bytes()
            found[rel] = {"sha256": sha256(data), "size": len(data)}
    return found


@dataclass
class Plan:
    uploads: list[str]             # in upload order
    deletes: list[str]
    unchanged: list[str]
    not_ours: list[str]            # in DEST, never made by this site: kept
    changed_there: list[str]       # ours, but changed on the server since: kept, not deleted
    conflicts: list[str]           # the site would overwrite a file that is not ours
    stale_temps: list[str]         # our own half-written temporary files from an interrupted deploy


def make(local: dict[str, dict], remote: dict[str, int], manifest: Manifest) -> Plan:
    ours = manifest.ours()
    temps = {temp_name(rel) for rel in ours} | {temp_name(rel) for rel in local}
    stale = sorted(rel for rel in remote if rel in temps)
    uploads, unchanged, conflicts = [], [], []
    for rel, entry in local.items():
        done = manifest.files.get(rel) == entry or (manifest.pending.get(rel) == entry and rel not in manifest.files)
        if rel in remote and done and remote[rel] == entry["size"]:
            unchanged.append(rel)        # a pending file at its final name was renamed there whole: done
        elif rel in remote and rel not in ours:
            conflicts.append(rel)
        else:
            uploads.append(rel)
    deletes, changed_there = [], []
    for rel, entry in sorted(ours.items()):
        if rel in local or rel not in remote:
            continue
        (deletes if remote[rel] == entry["size"] else changed_there).append(rel)
    not_ours = sorted(rel for rel in remote if rel not in ours and rel not in local and rel != MANIFEST
                      and rel not in stale)
    return Plan(sorted(uploads, key=order), deletes, sorted(unchanged), not_ours, changed_there,
                sorted(conflicts), stale)


def order(rel: str) -> tuple:
    name = posixpath.basename(rel)
    if name == ".htaccess":
        return (2, 0, rel)
    if name.endswith((".html", ".htm")):
        return (1, -rel.count("/"), rel)
    return (0, 0, rel)


def is_temp(rel: str) -> bool:
    return posixpath.basename(rel).startswith(".") and rel.endswith(TEMP_SUFFIX)
