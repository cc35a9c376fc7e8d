"""Static files under assets/: the package's (ita_site/static/), then the site's own static/, which may
override them. Names starting with a dot are never published.
"""

from __future__ import annotations

from pathlib import Path

from ita_site import urls
from ita_site.model import site as model

PACKAGE_STATIC = Path(__file__).parents[1] / "static"


def files(site: model.Site, ctx) -> list[tuple[str, Path]]:
    """(output path, source file) to copy; a site file comes after the package file it replaces."""
    out = []
    for root in (PACKAGE_STATIC, ctx.project / "static"):
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                out.append((urls.asset(path.relative_to(root).as_posix()), path))
    return out
