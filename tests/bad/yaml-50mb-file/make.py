"""A 50 MB item.yaml (sparse, so the test writes almost nothing): refused by size, never read."""
from pathlib import Path


def make(project: Path) -> None:
    path = project / "content/2564/o43/item.yaml"
    with path.open("r+b") as handle:
        handle.truncate(50 * 1024 * 1024)
