"""Thai typed in odd orders: tone mark before the lower vowel, SARA AM as NIKHAHIT + SARA AA,
and a decomposed Latin é. The page shows the normalised (NFC) text."""
from pathlib import Path


def make(project: Path) -> None:
    (project / "content/pages").mkdir(exist_ok=True)
    title = "\u0e19\u0e4d\u0e49\u0e32\u0e1b\u0e23\u0e30\u0e1b\u0e32"            # น + ํ + ้ + า + ประปา
    body = "\u0e01\u0e48\u0e38\u0e07 cafe\u0301"                                # ก + ่ + ุ + ง, cafe + ◌́
    (project / "content/pages/about.md").write_text(f"---\ntitle: {title}\n---\n\n{body}\n", encoding="utf-8")
