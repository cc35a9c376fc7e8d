"""A vertical tab (U+000B, Shift+Enter in Word) pasted into a title."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "content/2564/o43/item.yaml").write_text("code: O43\nupdated: 2021-01-08\ntitle: บรรทัดหนึ่ง\vบรรทัดสอง\n", encoding="utf-8")
