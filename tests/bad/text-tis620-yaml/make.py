"""item.yaml saved in TIS-620 (the old Thai encoding)."""
from pathlib import Path


def make(project: Path) -> None:
    text = "code: O43\ntitle: รายงานผลการดำเนินงาน\nupdated: 2021-01-08\n"
    (project / "content/2564/o43/item.yaml").write_bytes(text.encode("tis-620"))
