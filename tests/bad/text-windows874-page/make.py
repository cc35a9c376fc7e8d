"""A page saved by Windows in Windows-874, with its curly quotes (bytes 0x93/0x94)."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "content/pages").mkdir(exist_ok=True)
    text = "---\ntitle: ข่าวประชาสัมพันธ์\n---\n\nคำว่า “โปร่งใส”\n"
    (project / "content/pages/about.md").write_bytes(text.encode("cp874"))
