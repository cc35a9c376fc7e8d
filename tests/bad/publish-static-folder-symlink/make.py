"""static/img is a link to a folder outside the project."""
from pathlib import Path


def make(project: Path) -> None:
    (project.parent / "elsewhere").mkdir()
    (project.parent / "elsewhere/secret.txt").write_text("password=hunter2\n")
    (project / "static").mkdir()
    (project / "static/img").symlink_to(project.parent / "elsewhere", target_is_directory=True)
