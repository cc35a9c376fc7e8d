"""Windows line ends (CRLF) in an indicator: cleaned, the build passes."""
from pathlib import Path


def make(project: Path) -> None:
    text = "number: 1\ntitle: ตัวชี้วัด CRLF\nmeasures:\n  - มาตรการ\nsteps:\n  - ขั้นตอน\nresults:\n  - ผล\n"
    (project / "content/2564/o43/01-test.yaml").write_bytes(text.replace("\n", "\r\n").encode())
