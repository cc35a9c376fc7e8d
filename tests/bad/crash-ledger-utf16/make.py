"""urls.ledger saved by Notepad as UTF-16."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "urls.ledger").write_bytes("# urls.ledger\n/2564/o43/\n".encode("utf-16"))
