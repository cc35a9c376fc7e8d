"""UTF-8 byte-order mark before item.yaml: removed silently, the build passes."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "content/2564/o43/item.yaml").write_bytes(
        b"\xef\xbb\xbf" + "code: O43\ntitle: รายการที่มี BOM\nupdated: 2021-01-08\n".encode())
