"""A folder whose marker is a symlink (not a file ita-site wrote) is not ita-site's."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "public").mkdir()
    (project / "public/index.html").write_text("<p>site of another tool</p>\n")
    (project / "public/.ita-site-output").symlink_to("/dev/null")
