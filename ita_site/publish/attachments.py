"""The evidence files of every item, copied to their URLs (urls.attachment: ASCII, stable)."""

from __future__ import annotations

from pathlib import Path

from ita_site.model import site as model


def files(site: model.Site, ctx) -> list[tuple[str, Path]]:
    return [(attachment.url, attachment.source) for item in site.items() for attachment in item.attachments()]
