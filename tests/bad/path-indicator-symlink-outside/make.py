"""An indicator file that is a symlink to a YAML file outside content/."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "elsewhere.yaml").write_text("number: 1\ntitle: t\nmeasures: [a]\nsteps: [b]\nresults: [c]\n")
    (project / "content/2564/o43/01-test.yaml").symlink_to(project / "elsewhere.yaml")
