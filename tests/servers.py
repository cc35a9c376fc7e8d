"""Real servers on 127.0.0.1 for the deploy tests: Apache (Debian's apache2), OpenSSH's sftp and pyftpdlib.

Each starts on a free port with a throwaway configuration of its own and stops when the test ends.
Nothing listens beyond 127.0.0.1. A missing binary skips the test with the reason (CI installs them).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

APACHE_MODULES = Path("/usr/lib/apache2/modules")
MODULES = ("mpm_event", "authz_core", "unixd", "mime", "dir", "alias", "rewrite", "headers")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen | None = None, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def _binary(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if not found:
        reason = f"{name} is not installed here (CI installs it: apt-get install apache2 openssh-server)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; in CI it must be there (.ci/run)")
        pytest.skip(reason)
    return found


@contextmanager
def web_root():
    """A folder the web server's own user can read (pytest's tmp_path is private to root)."""
    root = Path(tempfile.mkdtemp(prefix="ita-www-"))
    root.chmod(0o755)
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


class _Daemon:
    """A server process the tests start in the foreground: `with Server(...) as server:` stops it."""
    process: subprocess.Popen | None

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.process.stdout:
            self.process.stdout.close()

    def _launch(self, command: list[str], log=lambda: "") -> None:
        """Start `command` and wait until it listens on self.port; on failure stop it and say what it printed."""
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            wait_for_port(self.port, self.process)
        except RuntimeError as exc:
            out = self.process.stdout.read().decode(errors="replace") if self.process.poll() is not None else ""
            self.stop()
            raise RuntimeError("\n".join(part for part in (str(exc), out, log()) if part)) from None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class Apache(_Daemon):
    """apache2 -f <our conf> -DFOREGROUND serving `root` at http://127.0.0.1:<port>/ with AllowOverride All."""

    def __init__(self, root: Path, work: Path, modules: tuple[str, ...] = MODULES):
        self.binary = _binary("apache2")
        self.root, self.work, self.port = root, work, free_port()
        self.modules = modules
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self) -> str:
        loads = "\n".join(f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so" for m in self.modules
                           if (APACHE_MODULES / f"mod_{m}.so").is_file())      # unixd and core are built in
        user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
        return f"""ServerRoot "{self.work}"
Listen 127.0.0.1:{self.port}
ServerName 127.0.0.1
{loads}
{user}PidFile "{self.work}/apache.pid"
DefaultRuntimeDir "{self.work}"
ErrorLog "{self.work}/error.log"
LogLevel warn
<IfModule mod_mime.c>
    TypesConfig /etc/mime.types
</IfModule>
DocumentRoot "{self.root}"
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "{self.root}">
    AllowOverride All
    Require all granted
</Directory>
"""

    def start(self) -> "Apache":
        conf = self.work / "apache.conf"
        conf.write_text(self.config(), encoding="utf-8")
        self._launch([self.binary, "-f", str(conf), "-DFOREGROUND"], self.log)
        return self

    def log(self) -> str:
        path = self.work / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    """One GET that does not follow redirects: (status, headers, body)."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


# --------------------------------------------------------------------------- OpenSSH sftp


class Sshd(_Daemon):
    """OpenSSH's sshd on 127.0.0.1:<port>: a throwaway host key, one user key, key auth only, internal-sftp."""

    def __init__(self, work: Path):
        self.binary = _binary("sshd")
        self.keygen = _binary("ssh-keygen")
        self.work, self.port = work, free_port()
        self.user_key = work / "user_key"
        self.process: subprocess.Popen | None = None

    @property
    def user(self) -> str:
        import pwd
        return pwd.getpwuid(os.geteuid()).pw_name

    def known_hosts(self) -> Path:
        """A known_hosts file naming this server's throwaway host key."""
        path = self.work / "known_hosts"
        kind, key = (self.work / "host_key.pub").read_text().split()[:2]
        path.write_text(f"[127.0.0.1]:{self.port} {kind} {key}\n")
        return path

    def start(self) -> "Sshd":
        host_key = self.work / "host_key"
        for key in (host_key, self.user_key):
            subprocess.run([self.keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
        authorized = self.work / "authorized_keys"
        authorized.write_text((self.work / "user_key.pub").read_text())
        for path in (self.work, authorized):
            path.chmod(0o700 if path.is_dir() else 0o600)
        conf = self.work / "sshd_config"
        conf.write_text(f"""Port {self.port}
ListenAddress 127.0.0.1
HostKey {host_key}
PidFile {self.work}/sshd.pid
AuthorizedKeysFile {authorized}
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
Subsystem sftp internal-sftp
LogLevel ERROR
""")
        Path("/run/sshd").mkdir(exist_ok=True) if os.geteuid() == 0 else None   # privilege separation dir
        self._launch([self.binary, "-D", "-e", "-f", str(conf)])
        return self


# --------------------------------------------------------------------------- FTP (pyftpdlib)


class Ftpd:
    """pyftpdlib on 127.0.0.1:<port>, one user whose home is `root`; with `tls`, explicit FTPS (AUTH TLS)."""

    def __init__(self, root: Path, work: Path, tls: bool = False, user: str = "webmaster",
                 password: str = "s3cret-Pass"):
        pytest.importorskip("pyftpdlib", reason="pyftpdlib is a test extra: pip install -e '.[test]'")
        self.root, self.work, self.tls = root, work, tls
        self.user, self.password, self.port = user, password, free_port()
        self.server = None
        self.thread: threading.Thread | None = None

    def start(self) -> "Ftpd":
        from pyftpdlib.authorizers import DummyAuthorizer
        from pyftpdlib.handlers import FTPHandler, TLS_FTPHandler
        from pyftpdlib.servers import ThreadedFTPServer

        authorizer = DummyAuthorizer()
        authorizer.add_user(self.user, self.password, str(self.root), perm="elradfmwMT")
        if self.tls:
            self.cert, key = self.work / "ftps-cert.pem", self.work / "ftps-key.pem"
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                            "-keyout", str(key), "-out", str(self.cert)], check=True, capture_output=True)
            handler = type("Handler", (TLS_FTPHandler,), {"certfile": str(self.cert), "keyfile": str(key),
                                                          "tls_control_required": True, "tls_data_required": True})
        else:
            handler = type("Handler", (FTPHandler,), {})
        handler.authorizer = authorizer
        handler.passive_ports = None
        self.server = ThreadedFTPServer(("127.0.0.1", self.port), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"timeout": 0.2}, daemon=True)
        self.thread.start()
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.close_all()
        if self.thread is not None:
            self.thread.join(timeout=5)

    def __enter__(self) -> "Ftpd":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def site_tree(output: Path) -> dict[str, str]:
    """sha256 of every file of a built site that deploy uploads (the build's own marker stays home)."""
    import hashlib
    return {p.relative_to(output).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(output.rglob("*")) if p.is_file() and not p.name.startswith(".ita-site")}
