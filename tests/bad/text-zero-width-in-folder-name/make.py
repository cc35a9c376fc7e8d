"""An item folder whose name ends in a zero-width joiner."""
from pathlib import Path


def make(project: Path) -> None:
    folder = project / "content/2564/o1\u200d"
    folder.mkdir()
    (folder / "item.yaml").write_text("code: O1\nupdated: 2021-01-08\n", encoding="utf-8")
