"""An existing web root of another system given as --output: it must not be wiped."""
from pathlib import Path


def make(project: Path) -> None:
    root = project.parent / "htdocs"
    (root / "wp-content/uploads").mkdir(parents=True)
    (root / "index.php").write_text("<?php require 'wp-blog-header.php';\n")
    (root / "wp-content/uploads/report.pdf").write_bytes(b"%PDF-1.4\n")
