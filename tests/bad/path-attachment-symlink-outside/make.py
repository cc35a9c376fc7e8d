"""An attachment that is a symlink to a file outside content/ (here: the project's secret.txt)."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "secret.txt").write_text("password=hunter2\n")
    (project / "content/2564/o43/files").mkdir()
    (project / "content/2564/o43/files/secret.pdf").symlink_to(project / "secret.txt")
