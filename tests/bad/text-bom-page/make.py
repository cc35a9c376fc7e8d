"""A page saved by Notepad with a byte-order mark: its front matter still reads."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "content/pages").mkdir(exist_ok=True)
    (project / "content/pages/about.md").write_bytes(
        b"\xef\xbb\xbf" + "---\ntitle: เกี่ยวกับเรา\n---\n\nหน้าที่มี BOM\n".encode())
