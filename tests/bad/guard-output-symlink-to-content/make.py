"""--output names a link to content/: the link is resolved, and content/ is refused."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "site").symlink_to(project / "content", target_is_directory=True)
