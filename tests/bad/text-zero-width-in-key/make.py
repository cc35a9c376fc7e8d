"""A zero-width space at the end of a key."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "content/2564/o43/item.yaml").write_text("code: O43\nupdated: 2021-01-08\ntitle\u200b: รายงาน\n", encoding="utf-8")
