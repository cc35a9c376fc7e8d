"""100 000 nested [ ] in one value: refused before Python runs out of stack."""
from pathlib import Path


def make(project: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    (project / "content/2564/o43/item.yaml").write_text(f"code: O43\nupdated: 2021-01-08\nsummary: {deep}\n")
