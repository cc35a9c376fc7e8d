"""A logo path with .. that leads to a real PNG beside the project."""
from pathlib import Path


def make(project: Path) -> None:
    import io
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 0, 0)).save(buffer, "PNG")
    (project.parent / "logo.png").write_bytes(buffer.getvalue())
