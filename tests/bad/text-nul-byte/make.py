"""A NUL byte inside a value: the file is damaged."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "content/2564/o43/item.yaml").write_bytes(b"code: O43\nupdated: 2021-01-08\nsummary: ab\x00cd\n")
