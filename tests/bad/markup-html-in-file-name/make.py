"""An attachment whose file name is HTML (cannot be committed for Windows users). It has no title,
so the page shows its file name: escaped, with an ASCII URL."""
from pathlib import Path


def make(project: Path) -> None:
    folder = project / "content/2564/o43/files"
    folder.mkdir()
    (folder / "<img src=x onerror=alert(1)>.txt").write_text("ประกาศ\n", encoding="utf-8")
