"""Windows line ends (CRLF) in a page: front matter and paragraphs read as with LF."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "content/pages").mkdir(exist_ok=True)
    text = "---\ntitle: หน้า CRLF\n---\n\nย่อหน้าแรก\n\nย่อหน้าที่สอง\n"
    (project / "content/pages/about.md").write_bytes(text.replace("\n", "\r\n").encode())
