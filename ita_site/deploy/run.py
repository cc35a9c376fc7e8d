"""`ita-site deploy DEST [--dry-run]`: put the built site in DEST, touching only this site's own files.

Reads the manifest in DEST (plan.py), uploads new and changed files in a safe order, records progress
in the manifest as it goes (an interrupted deploy resumes where it stopped: finished files are not sent
again), deletes only files that an earlier deploy of this site made, and lists what it kept.
"""

from __future__ import annotations

import json
import posixpath
import time
from pathlib import Path

from ita_site import guard
from ita_site.deploy import plan as planning
from ita_site.deploy import remote
from ita_site.deploy.targets import Dest, Folder, TargetError, errors, parse_dest, password_from

FLUSH_FILES, FLUSH_SECONDS = 50, 2.0    # how often the manifest records finished uploads
SHOW_AT_MOST = 30                        # names listed per group before "and N more"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class Deploy:
    def __init__(self, output: Path, dest_text: str, *, say, problem, verbose: bool = False,
                 key: str | None = None, known_hosts: str | None = None, ca_file: str | None = None,
                 project: Path | None = None):
        self.output, self.dest_text, self.project = output, dest_text, project
        self.say, self.problem, self.verbose = say, problem, verbose
        self.options = {"key": key, "known_hosts": known_hosts, "ca_file": ca_file}

    def run(self, dry_run: bool = False) -> int:
        try:
            dest = parse_dest(self.dest_text)
            base_url = self._base_url()
            self._guard(dest, base_url)
            local = planning.local_files(self.output)
            self.say(f"กำลังเชื่อมต่อ {dest.shown()} (connecting)")
            target = open_target(dest, self.dest_text, **self.options)
        except TargetError as exc:
            self.problem(str(exc))
            return EXIT_FAILED
        try:
            return self._deploy(target, dest, base_url, local, dry_run)
        except TargetError as exc:
            self.problem(str(exc))
            return EXIT_FAILED
        except errors() as exc:
            self.problem(f"การเชื่อมต่อกับ {dest.shown()} ล้มเหลว: {_reason(exc)} ยังไม่ได้เปลี่ยนไฟล์ใด "
                         f"(the connection to DEST failed before any file was changed)")
            return EXIT_FAILED
        finally:
            try:
                target.close()
            except errors():
                pass

    def _base_url(self) -> str:
        listing = self.output / "urls.json"
        if not (self.output / "index.html").is_file() or not listing.is_file():
            raise TargetError(f"ไม่พบเว็บไซต์ที่สร้างแล้วใน {self.output}: รัน ita-site build ก่อน "
                              f"(no built site in {self.output}: run `ita-site build` first)")
        return json.loads(listing.read_text(encoding="utf-8"))["base_url"]

    def _guard(self, dest: Dest, base_url: str) -> None:
        if dest.scheme == "file":
            target = Path(dest.path).resolve()
            if target == self.output or self.output in target.parents or target in self.output.parents:
                raise TargetError(f"DEST ({target}) ต้องไม่ใช่ output/ หรืออยู่ในหรือครอบ output/ "
                                  f"(DEST must not be output/, inside it, or hold it)")
            conflict = self.project is not None and guard.source_conflict(self.project, target)
            if conflict:
                raise TargetError(f"DEST ({target}) ใช้ไม่ได้ เพราะ{conflict[0]} deploy จะวางไฟล์ของเว็บไซต์ปนกับไฟล์ของโครงการ "
                                  f"ไม่ได้เปลี่ยนไฟล์ใด (DEST refused: {conflict[1]}; the built site would be mixed "
                                  f"with the project's own files; nothing was changed)\n    วิธีแก้ (hint): ใช้โฟลเดอร์ของ"
                                  f"เว็บเซิร์ฟเวอร์นอกโครงการ เช่น /var/www/html/ita / choose the web server's folder "
                                  f"outside the project, e.g. /var/www/html/ita")
        if dest.scheme == "ftp":
            self.problem("คำเตือน: ftp:// ไม่เข้ารหัส รหัสผ่านและไฟล์ส่งเป็นข้อความธรรมดา ใช้ ftps:// หรือ sftp:// ถ้าทำได้ "
                         "(warning: plain FTP sends the password and files unencrypted; prefer ftps:// or sftp://)")
        if dest.has_password:
            self.problem("คำเตือน: อย่าใส่รหัสผ่านใน DEST (อาจค้างในประวัติคำสั่งหรือบันทึกของ CI) ใช้ตัวแปร "
                         "ITA_SITE_DEPLOY_PASSWORD แทน (warning: a password in DEST may be kept in shell history "
                         "or CI logs; set ITA_SITE_DEPLOY_PASSWORD instead)")
        folder = "/" + base_url.split("://", 1)[-1].partition("/")[2]
        want = posixpath.basename(folder.rstrip("/"))
        have = posixpath.basename(dest.path.rstrip("/"))
        if want and have != want:
            self.problem(f"คำเตือน: base_url ลงท้ายด้วย /{want}/ แต่ DEST คือโฟลเดอร์ {have or '/'} ตรวจว่าถูกที่ "
                         f"(warning: base_url ends in /{want}/ but DEST is the folder '{have}'; check it is right)")

    def _deploy(self, target, dest: Dest, base_url: str, local: dict, dry_run: bool) -> int:
        remote = target.list_files()
        manifest = planning.read_manifest(target.read(planning.MANIFEST), base_url, dest.shown())
        plan = planning.make(local, remote, manifest)
        self._report_plan(plan, manifest, dry_run)
        if plan.conflicts:
            self.problem(f"ไม่ได้ deploy: มี {len(plan.conflicts)} ไฟล์ใน DEST ที่ไม่ได้สร้างโดยเว็บไซต์นี้ แต่ชื่อตรงกับไฟล์ของเว็บไซต์ "
                         f"จึงไม่เขียนทับ (not deployed: {len(plan.conflicts)} file(s) in DEST were not made by this "
                         f"site and would be overwritten; nothing was changed):")
            self._names(plan.conflicts, self.problem)
            self.problem("    วิธีแก้ (hint): ย้ายหรือลบไฟล์เหล่านี้ออกจาก DEST เอง (ถ้าเป็นเว็บไซต์ ITA ชุดเก่า) แล้ว deploy อีกครั้ง "
                         "(move these files out of DEST yourself, e.g. an old hand-made ITA site, then deploy again)")
            return EXIT_FAILED
        if dry_run:
            self.say("ทดลองเท่านั้น ไม่ได้เปลี่ยนไฟล์ใด (dry run: nothing was changed)")
            return EXIT_OK
        code = self._upload(target, plan, manifest, local)
        if code == EXIT_OK:
            code = self._delete(target, plan, manifest)
        if code == EXIT_OK:
            manifest.pending = {}
            target.write(planning.MANIFEST, manifest.to_bytes())
            self.say(f"deploy เสร็จ: อัปโหลด {len(plan.uploads)} ไฟล์, ลบ {len(plan.deletes)} ไฟล์, ไม่เปลี่ยน "
                     f"{len(plan.unchanged)} ไฟล์ (done: {len(plan.uploads)} uploaded, {len(plan.deletes)} deleted, "
                     f"{len(plan.unchanged)} unchanged) -> {dest.shown()}")
        return code

    def _report_plan(self, plan, manifest, dry_run: bool) -> None:
        new = [rel for rel in plan.uploads if rel not in manifest.files]
        verb = "จะ" if dry_run else ""
        self.say(f"{verb}อัปโหลด {len(plan.uploads)} ไฟล์ (ใหม่ {len(new)}, แก้ไข {len(plan.uploads) - len(new)}), "
                 f"{verb}ลบ {len(plan.deletes)} ไฟล์, ไม่เปลี่ยน {len(plan.unchanged)} ไฟล์ "
                 f"({'would upload' if dry_run else 'upload'} {len(plan.uploads)}: {len(new)} new, "
                 f"{len(plan.uploads) - len(new)} changed; {'would delete' if dry_run else 'delete'} "
                 f"{len(plan.deletes)}; {len(plan.unchanged)} unchanged)")
        if dry_run:
            for rel in plan.uploads:
                self.say(f"  + {rel}" if rel in new else f"  ~ {rel}")
            for rel in plan.deletes:
                self.say(f"  - {rel}")
        if plan.not_ours:
            self.say(f"ไม่ใช่ไฟล์ของเว็บไซต์นี้ เก็บไว้ตามเดิม {len(plan.not_ours)} ไฟล์ (not ours, kept):")
            self._names(plan.not_ours, self.say)
        if plan.changed_there:
            self.problem(f"คำเตือน: {len(plan.changed_there)} ไฟล์ของเว็บไซต์ถูกแก้บนเซิร์ฟเวอร์ภายหลัง จึงไม่ลบ "
                         f"(warning: changed on the server since our deploy, kept, not deleted):")
            self._names(plan.changed_there, self.problem)

    def _names(self, names: list[str], show) -> None:
        for rel in names[:SHOW_AT_MOST]:
            show(f"    {rel}")
        if len(names) > SHOW_AT_MOST:
            show(f"    ... และอีก {len(names) - SHOW_AT_MOST} ไฟล์ (and {len(names) - SHOW_AT_MOST} more)")

    def _upload(self, target, plan, manifest, local) -> int:
        for rel in plan.unchanged:       # includes files an interrupted deploy finished but did not record
            manifest.files[rel] = local[rel]
            manifest.pending.pop(rel, None)
        manifest.pending.update({rel: local[rel] for rel in plan.uploads})
        if plan.uploads:
            target.write(planning.MANIFEST, manifest.to_bytes())      # before any upload: these are ours
        for rel in plan.stale_temps:
            target.remove(rel)
        done, last_flush = [], time.monotonic()
        total, step = len(plan.uploads), max(1, len(plan.uploads) // 10)
        for number, rel in enumerate(plan.uploads, start=1):
            try:
                data = (self.output / rel).read_bytes()
                if planning.sha256(data) != local[rel]["sha256"]:
                    raise TargetError("ไฟล์ใน output/ เปลี่ยนระหว่าง deploy (output/ changed during the deploy)")
                target.write(rel, data)
            except (TargetError, *errors()) as exc:
                self._flush(target, manifest, done)
                self.problem(f"อัปโหลด {rel} ไม่สำเร็จ: {_reason(exc)} (upload of {rel} failed). "
                             f"ส่งแล้ว {number - 1}/{total} ไฟล์ สั่ง deploy อีกครั้งเพื่อทำต่อจากที่ค้าง "
                             f"(run the same deploy again to resume; finished files are not sent again)")
                return EXIT_FAILED
            done.append(rel)
            if self.verbose or number % step == 0 or number == total:
                self.say(f"  [{number}/{total}] {rel}")
            if len(done) >= FLUSH_FILES or time.monotonic() - last_flush > FLUSH_SECONDS:
                self._flush(target, manifest, done)
                done, last_flush = [], time.monotonic()
        self._flush(target, manifest, done)
        return EXIT_OK

    def _flush(self, target, manifest, done: list[str]) -> None:
        if not done:
            return
        for rel in done:
            manifest.files[rel] = manifest.pending.pop(rel)
        try:
            target.write(planning.MANIFEST, manifest.to_bytes())
        except errors():
            pass          # the connection is gone; the next deploy sends the unrecorded files again

    def _delete(self, target, plan, manifest) -> int:
        for rel in plan.deletes:
            try:
                target.remove(rel)
            except errors() as exc:
                target.write(planning.MANIFEST, manifest.to_bytes())
                self.problem(f"ลบ {rel} ไม่สำเร็จ: {_reason(exc)} (deleting {rel} failed); สั่ง deploy อีกครั้ง (run again)")
                return EXIT_FAILED
            manifest.files.pop(rel, None)
            manifest.pending.pop(rel, None)
            self.say(f"  ลบ (deleted) {rel}")
        return EXIT_OK


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc).strip() or type(exc).__name__
    return text


def open_target(dest: Dest, raw: str, *, key: str | None = None, known_hosts: str | None = None,
                ca_file: str | None = None):
    """The target for DEST: paramiko is imported only for sftp://."""
    if dest.scheme == "file":
        return Folder(dest)
    if dest.scheme == "sftp":
        return remote.Sftp(dest, key, known_hosts)
    return remote.Ftp(dest, password_from(raw), ca_file)
