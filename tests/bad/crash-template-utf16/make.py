"""A site template saved as UTF-16."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates/base.html").write_bytes("{% extends \"ita/base.html\" %}\n".encode("utf-16"))
