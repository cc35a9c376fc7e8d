"""A site template saved as Windows-874."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates/footer.html").write_bytes("<p>ติดต่อสำนักงาน</p>\n".encode("cp874"))
