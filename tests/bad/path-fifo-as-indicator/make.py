"""A named pipe where an indicator file should be: reported, never opened (opening would hang)."""
from pathlib import Path


def make(project: Path) -> None:
    import os

    os.mkfifo(project / "content/2564/o43/01-test.yaml")
