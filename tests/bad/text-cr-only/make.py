"""Old Mac line ends (CR alone) in a page: read as line ends."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "content/pages").mkdir(exist_ok=True)
    text = "---\ntitle: หน้า CR\n---\n\nย่อหน้าแรก\n\nย่อหน้าที่สอง\n"
    (project / "content/pages/about.md").write_bytes(text.replace("\n", "\r").encode())
