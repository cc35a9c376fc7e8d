"""The files/ folder of an item is a symlink to /etc."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "content/2564/o43/files").symlink_to("/etc", target_is_directory=True)
