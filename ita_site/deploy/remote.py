"""The remote deploy targets: SFTP (paramiko) and FTP with explicit TLS or plain (ftplib).

Same interface as targets.Folder: list_files, read, write (temporary name, then rename), remove, close.
"""

from __future__ import annotations

import ftplib
import io
import os
import posixpath
import ssl
import stat
from pathlib import Path

from ita_site.deploy.targets import (KEY_ENV, KNOWN_HOSTS_ENV, PASSPHRASE_ENV, TIMEOUT, Dest, TargetError,
                                     prune, safe_text, temp_name)


class Sftp:
    """SFTP with paramiko: key file or ssh-agent, host key checked against known_hosts (never accepted blindly)."""

    def __init__(self, dest: Dest, key: str | None = None, known_hosts: str | None = None):
        import paramiko

        self.root = dest.path if not dest.path.startswith("/~/") else dest.path[3:]
        self.client = paramiko.SSHClient()
        known = known_hosts or os.environ.get(KNOWN_HOSTS_ENV)
        try:
            self.client.load_system_host_keys()
            if known:
                self.client.load_host_keys(known)
        except (OSError, paramiko.SSHException) as exc:
            raise TargetError(f"อ่านไฟล์ known_hosts ไม่ได้ ({known}): {exc} (cannot read known_hosts)") from None
        self.client.set_missing_host_key_policy(paramiko.RejectPolicy())
        key = key or os.environ.get(KEY_ENV)
        try:
            self.client.connect(dest.host, port=dest.port or 22, username=dest.user or None, key_filename=key,
                                passphrase=os.environ.get(PASSPHRASE_ENV), allow_agent=True,
                                look_for_keys=key is None, timeout=TIMEOUT, banner_timeout=TIMEOUT,
                                auth_timeout=TIMEOUT)
            self.sftp = self.client.open_sftp()
        except paramiko.BadHostKeyException:
            raise TargetError(f"กุญแจของเครื่อง {dest.host} ไม่ตรงกับ known_hosts: อาจมีผู้ดักกลางทาง หยุดไว้ก่อน "
                              f"(the host key of {dest.host} does not match known_hosts; stopped)") from None
        except paramiko.SSHException as exc:
            if "not found in known_hosts" in str(exc):
                raise TargetError(
                    f"ไม่รู้จักเครื่อง {dest.host}: เพิ่มกุญแจของเครื่องใน known_hosts ก่อน เช่น "
                    f"ssh-keyscan -p {dest.port or 22} {dest.host} แล้วตรวจลายนิ้วมือกับผู้ดูแลเซิร์ฟเวอร์ "
                    f"(unknown host {dest.host}: add its key to known_hosts, --known-hosts FILE)") from None
            raise TargetError(f"เชื่อมต่อ SFTP กับ {dest.host} ไม่ได้: {safe_text(exc)} (SFTP connection failed)") from None
        except (OSError, EOFError) as exc:
            raise TargetError(f"เชื่อมต่อ {dest.host}:{dest.port or 22} ไม่ได้: {safe_text(exc)} (cannot connect)") from None
        self.made: set[str] = set()

    def _abs(self, rel: str) -> str:
        return posixpath.join(self.root, rel) if rel else self.root

    def list_files(self) -> dict[str, int]:
        return _walk(self._entries)

    def _entries(self, rel: str):
        try:
            entries = self.sftp.listdir_attr(self._abs(rel))
        except FileNotFoundError:
            return None
        return [(entry.filename, "dir" if stat.S_ISDIR(entry.st_mode or 0)
                 else "file" if stat.S_ISREG(entry.st_mode or 0) else "other", entry.st_size or 0)
                for entry in entries]

    def read(self, rel: str) -> bytes | None:
        buffer = io.BytesIO()
        try:
            self.sftp.getfo(self._abs(rel), buffer)
        except FileNotFoundError:
            return None
        return buffer.getvalue()

    def _mkdirs(self, folder: str) -> None:
        parts, path = [p for p in folder.split("/") if p], ""
        for part in parts:
            path = posixpath.join(path, part) if path else part
            if path in self.made:
                continue
            try:
                self.sftp.stat(self._abs(path))
            except FileNotFoundError:
                self.sftp.mkdir(self._abs(path), 0o755)
            self.made.add(path)

    def write(self, rel: str, data: bytes) -> None:
        self._mkdirs(posixpath.dirname(rel))
        temp = self._abs(temp_name(rel))
        self.sftp.putfo(io.BytesIO(data), temp, file_size=len(data), confirm=True)
        self.sftp.chmod(temp, 0o644)
        try:
            self.sftp.posix_rename(temp, self._abs(rel))
        except OSError:                      # a server without the posix-rename extension
            self._remove_quietly(self._abs(rel))
            self.sftp.rename(temp, self._abs(rel))

    def _remove_quietly(self, path: str) -> None:
        try:
            self.sftp.remove(path)
        except FileNotFoundError:
            pass

    def remove(self, rel: str) -> None:
        self._remove_quietly(self._abs(rel))
        prune(Path(self._abs(rel)).parent, Path(self.root), lambda p: self.sftp.rmdir(str(p)))

    def close(self) -> None:
        self.client.close()


class Ftp:
    """FTP with explicit TLS (ftps://, AUTH TLS, protected data) or plain ftp:// (warned by the caller)."""

    def __init__(self, dest: Dest, password: str | None, ca_file: str | None = None):
        self.root = dest.path.strip("/")
        try:
            if dest.scheme == "ftps":
                context = ssl.create_default_context(cafile=ca_file)
                self.ftp = ftplib.FTP_TLS(context=context, timeout=TIMEOUT)
            else:
                self.ftp = ftplib.FTP(timeout=TIMEOUT)
            self.ftp.connect(dest.host, dest.port or 21)
            if dest.scheme == "ftps":
                self.ftp.auth()
            self.ftp.login(dest.user or "anonymous", password or "")
            if dest.scheme == "ftps":
                self.ftp.prot_p()
            self.home = self.ftp.pwd()
        except ssl.SSLError as exc:
            raise TargetError(f"ตรวจใบรับรอง TLS ของ {dest.host} ไม่ผ่าน: {exc.reason or exc} "
                              f"(TLS certificate check failed; --ca-file FILE trusts your own CA)") from None
        except ftplib.error_perm as exc:
            raise TargetError(f"เข้าสู่ระบบ FTP ที่ {dest.host} ไม่ได้: {safe_text(exc)} (FTP login refused)") from None
        except (OSError, EOFError, ftplib.Error) as exc:
            raise TargetError(f"เชื่อมต่อ {dest.host}:{dest.port or 21} ไม่ได้: {safe_text(exc)} (cannot connect)") from None
        self.made: set[str] = set()

    def _abs(self, rel: str) -> str:
        return posixpath.join(self.home, self.root, rel).rstrip("/") or "/"

    def list_files(self) -> dict[str, int]:
        return _walk(self._entries)

    def _entries(self, rel: str):
        try:
            entries = list(self.ftp.mlsd(self._abs(rel), facts=["type", "size"]))
        except ftplib.error_perm as exc:
            if str(exc).startswith("550"):
                return None               # no such folder (yet)
            raise
        return [(name, facts.get("type", "").lower(), int(facts.get("size", 0))) for name, facts in entries]

    def read(self, rel: str) -> bytes | None:
        buffer = io.BytesIO()
        try:
            self.ftp.retrbinary(f"RETR {self._abs(rel)}", buffer.write)
        except ftplib.error_perm as exc:
            if str(exc).startswith("550"):
                return None
            raise
        return buffer.getvalue()

    def _mkdirs(self, folder: str) -> None:
        path = self.home
        for part in [p for p in f"{self.root}/{folder}".split("/") if p]:
            path = posixpath.join(path, part)
            if path in self.made:
                continue
            try:
                self.ftp.mkd(path)
            except ftplib.error_perm:
                pass                     # already there
            self.made.add(path)

    def write(self, rel: str, data: bytes) -> None:
        self._mkdirs(posixpath.dirname(rel))
        temp = self._abs(temp_name(rel))
        self.ftp.storbinary(f"STOR {temp}", io.BytesIO(data))
        try:
            self.ftp.rename(temp, self._abs(rel))
        except ftplib.error_perm:        # servers that refuse to rename over a file
            self._remove_quietly(self._abs(rel))
            self.ftp.rename(temp, self._abs(rel))

    def _remove_quietly(self, path: str) -> None:
        try:
            self.ftp.delete(path)
        except ftplib.error_perm:
            pass

    def remove(self, rel: str) -> None:
        self._remove_quietly(self._abs(rel))
        prune(Path(self._abs(rel)).parent, Path(self._abs("")), lambda p: self.ftp.rmd(str(p)))

    def close(self) -> None:
        try:
            self.ftp.quit()
        except (OSError, EOFError, ftplib.Error):
            self.ftp.close()


def _walk(entries) -> dict[str, int]:
    """Every regular file under the target's root, site-relative path -> size. `entries(rel)` lists one
    folder as (name, "dir" | "file" | other, size), or None when the folder does not exist (yet)."""
    found: dict[str, int] = {}
    stack = [""]
    while stack:
        rel = stack.pop()
        for name, kind, size in entries(rel) or ():
            child = posixpath.join(rel, name) if rel else name
            if kind == "dir":
                stack.append(child)
            elif kind == "file":
                found[child] = size
    return found
