"""Two files named café.pdf, one NFC (é) and one NFD (e + combining acute): they look identical."""
from pathlib import Path


def make(project: Path) -> None:
    folder = project / "content/2564/o43/files"
    folder.mkdir()
    (folder / "caf\u00e9.pdf").write_bytes(b"%PDF-1.4 a\n")
    (folder / "cafe\u0301.pdf").write_bytes(b"%PDF-1.4 b\n")
