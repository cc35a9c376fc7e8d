"""urls.ledger with a byte that is not UTF-8."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "urls.ledger").write_bytes(b"/2564/o43/\n/2564/\xff/\n")
