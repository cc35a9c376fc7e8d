"""A PNG cut off in the middle of its image data."""
from pathlib import Path


def make(project: Path) -> None:
    import io
    from PIL import Image

    buffer = io.BytesIO()
    Image.radial_gradient("L").convert("RGB").save(buffer, "PNG")
    data = buffer.getvalue()
    (project / "logo.png").write_bytes(data[:len(data) // 2])
