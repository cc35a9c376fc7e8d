"""A UTF-8 file with one stray byte (0xFF) in its third line."""
from pathlib import Path


def make(project: Path) -> None:
    data = "code: O43\ntitle: รายงาน\nsummary: สรุป".encode() + b"\xff" + b"\nupdated: 2021-01-08\n"
    (project / "content/2564/o43/item.yaml").write_bytes(data)
