"""item.yaml saved as UTF-16 (Notepad "Unicode")."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "content/2564/o43/item.yaml").write_bytes("code: O43\nupdated: 2021-01-08\n".encode("utf-16"))
