"""urls.ledger saved as Windows-874 with a Thai comment."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "urls.ledger").write_bytes("# รายการ URL ที่เผยแพร่แล้ว\n/2564/o43/\n".encode("cp874"))
