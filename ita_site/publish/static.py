"""Static files under assets/: the package's (ita_site/static/), then the site's own static/, which may
override them. The site's files were checked by publishable.static_files (allowed types, no links, no
server files) before the build began; names starting with a dot are never published.
"""

from __future__ import annotations

from pathlib import Path

from ita_site import urls
from ita_site.model import site as model

PACKAGE_STATIC = Path(__file__).parents[1] / "static"


def files(site: model.Site, ctx) -> list[tuple[str, Path]]:
    """(output path, source file) to copy; the site's file replaces the package's of the same name."""
    own = {rel for rel, _path in ctx.static}
    out = []
    for path in sorted(PACKAGE_STATIC.rglob("*")):
        rel = urls.asset(path.relative_to(PACKAGE_STATIC).as_posix())
        if path.is_file() and not path.name.startswith(".") and rel not in own:
            out.append((rel, path))
    return out + list(ctx.static)
