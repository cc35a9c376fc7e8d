"""A zero-width space pasted inside the item code."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "content/2564/o43/item.yaml").write_text("code: O\u200b43\nupdated: 2021-01-08\n", encoding="utf-8")
