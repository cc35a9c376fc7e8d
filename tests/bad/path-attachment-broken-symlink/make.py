"""An attachment that is a symlink to a file that does not exist (inside content/)."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "content/2564/o43/files").mkdir()
    (project / "content/2564/o43/files/gone.pdf").symlink_to("missing.pdf")
