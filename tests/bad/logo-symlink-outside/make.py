"""A logo that is a symlink to a PNG outside the project."""
from pathlib import Path


def make(project: Path) -> None:
    import io
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 0, 0)).save(buffer, "PNG")
    (project.parent / "outside.png").write_bytes(buffer.getvalue())
    (project / "logo.png").symlink_to(project.parent / "outside.png")
