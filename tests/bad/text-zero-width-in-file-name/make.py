"""An attachment whose file name holds a zero-width space (copied from a web page)."""
from pathlib import Path


def make(project: Path) -> None:
    folder = project / "content/2564/o43/files"
    folder.mkdir()
    (folder / "notice\u200b.pdf").write_bytes(b"%PDF-1.4\n")
