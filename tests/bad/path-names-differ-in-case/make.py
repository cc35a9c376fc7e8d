"""Two files whose names differ only in letter case (cannot be committed for macOS/Windows users)."""
from pathlib import Path


def make(project: Path) -> None:
    folder = project / "content/2564/o43/files"
    folder.mkdir()
    (folder / "notice.pdf").write_bytes(b"%PDF-1.4 a\n")
    (folder / "Notice.pdf").write_bytes(b"%PDF-1.4 b\n")
