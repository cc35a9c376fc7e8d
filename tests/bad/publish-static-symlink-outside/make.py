"""static/ holds a link to a file outside the project (here /etc/passwd): it is not followed."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "static").mkdir()
    (project / "static/passwd.txt").symlink_to("/etc/passwd")
