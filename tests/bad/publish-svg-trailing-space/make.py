"""An SVG with a script, its name ending in a space: the published name ends in .svg."""
from pathlib import Path


def make(project: Path) -> None:
    folder = project / "content/2564/o43/files"
    folder.mkdir(parents=True)
    (folder / "chart.svg ").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>\n')
