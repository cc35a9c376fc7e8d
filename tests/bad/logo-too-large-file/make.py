"""A 6 MB logo file: refused before it is read whole."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * (6 * 1024 * 1024))
