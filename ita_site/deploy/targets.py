"""Where a deploy writes: a local folder, an SFTP server or an FTP(S) server, behind one interface.

Every target writes a file under a temporary name in the same folder and renames it into place, so a
visitor (or an interrupted deploy) never sees half a file. Paths are DEST-relative POSIX paths.
Passwords come from the environment, never from the command line, and are never printed.
"""

from __future__ import annotations

import ftplib
import os
import posixpath
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

TEMP_SUFFIX = ".ita-tmp"
PASSWORD_ENV = "ITA_SITE_DEPLOY_PASSWORD"
KEY_ENV = "ITA_SITE_SSH_KEY"                 # path of the private key file
PASSPHRASE_ENV = "ITA_SITE_SSH_KEY_PASSPHRASE"
KNOWN_HOSTS_ENV = "ITA_SITE_KNOWN_HOSTS"     # path of a known_hosts file
TIMEOUT = 30


class TargetError(Exception):
    """A deploy target refused or failed; the message is Thai and English and safe to print."""


@dataclass(frozen=True)
class Dest:
    scheme: str        # file, sftp, ftp, ftps
    host: str = ""
    port: int = 0
    user: str = ""
    path: str = ""
    has_password: bool = False

    def shown(self) -> str:
        """DEST for messages: never with a password."""
        if self.scheme == "file":
            return self.path
        user = f"{self.user}@" if self.user else ""
        port = f":{self.port}" if self.port else ""
        return f"{self.scheme}://{user}{self.host}{port}/{self.path.lstrip('/')}"


def parse_dest(text: str) -> Dest:
    if "://" not in text:
        return Dest("file", path=str(Path(text).expanduser()))
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("sftp", "ftp", "ftps") or not parts.hostname:
        raise TargetError(f"ไม่รู้จักปลายทาง {_redact(text)}: ใช้โฟลเดอร์ sftp:// ftps:// หรือ ftp:// "
                          f"(unknown destination: use a folder, sftp://user@host/path, ftps:// or ftp://)")
    try:
        port = parts.port or 0
    except ValueError:
        raise TargetError(f"พอร์ตไม่ถูกต้องใน {_redact(text)} (bad port)") from None
    return Dest(scheme, parts.hostname, port, unquote(parts.username or ""), unquote(parts.path or "/"),
                has_password=parts.password is not None)


def _redact(text: str) -> str:
    parts = urlsplit(text)
    if parts.password is None:
        return text
    return text.replace(f":{parts.password}@", ":***@", 1)


def password_from(text: str) -> str | None:
    parts = urlsplit(text) if "://" in text else None
    if parts is not None and parts.password is not None:
        return unquote(parts.password)
    return os.environ.get(PASSWORD_ENV) or None


def temp_name(rel: str) -> str:
    folder, name = posixpath.split(rel)
    return posixpath.join(folder, f".{name}{TEMP_SUFFIX}")


class Folder:
    """A local folder: a mounted web root, or the server's own disk when CI runs on it."""

    def __init__(self, dest: Dest):
        self.root = Path(dest.path).resolve()
        if self.root.exists() and not self.root.is_dir():
            raise TargetError(f"{self.root} ไม่ใช่โฟลเดอร์ ({self.root} is not a folder)")

    def list_files(self) -> dict[str, int]:
        found = {}
        if not self.root.is_dir():
            return found
        for folder, dirs, files in os.walk(self.root):
            for name in files:
                path = Path(folder) / name
                if path.is_symlink():
                    continue
                found[path.relative_to(self.root).as_posix()] = path.stat().st_size
        return found

    def read(self, rel: str) -> bytes | None:
        path = self.root / rel
        return path.read_bytes() if path.is_file() else None

    def write(self, rel: str, data: bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
        temp = self.root / temp_name(rel)
        with open(temp, "wb") as handle:
            handle.write(data)
        temp.chmod(0o644)
        os.replace(temp, path)

    def remove(self, rel: str) -> None:
        path = self.root / rel
        if path.is_file() or path.is_symlink():
            path.unlink()
        prune(path.parent, self.root, lambda p: p.rmdir())

    def close(self) -> None:
        pass


def prune(folder, root, rmdir) -> None:
    """Remove folders left empty by a deletion, up to DEST (never DEST itself, never a folder with files)."""
    while str(folder) != str(root) and str(folder).startswith(str(root)):
        try:
            rmdir(folder)
        except (OSError, ftplib.Error):
            return
        folder = folder.parent


def safe_text(exc: BaseException) -> str:
    """An exception's text for a message (none of them carries a password: we never pass one into a URL)."""
    return str(exc).strip() or type(exc).__name__


def errors() -> tuple[type[BaseException], ...]:
    """What a target may raise while it works (a lost connection, a full disk, a refusal)."""
    found: tuple[type[BaseException], ...] = (OSError, EOFError, ftplib.Error, socket.timeout, shutil.Error)
    try:
        import paramiko
    except ImportError:
        return found
    return found + (paramiko.SSHException,)
