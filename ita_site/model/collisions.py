"""Validate stage, cross-file: two sources that would write the same output path (assemble.py calls it)."""

from __future__ import annotations

import posixpath

from ita_site import urls
from ita_site.model import site as model, sources
from ita_site.errors import Problems


def check(site: model.Site, problems: Problems, attachments=()) -> None:
    """Two sources that would write the same output path (compared ignoring case); the pages are
    model/sources.py's, so a new kind of content page is checked once it is listed there."""
    owners: dict[str, str] = {}
    for page in sources.sourced_pages(site):
        url, src = page.url, page.source
        key = urls.output_file(url).lower()
        if key in owners and owners[key] != src:
            problems.add(src, 0, 0, f"ไฟล์นี้กับ {owners[key]} จะเขียนทับที่เดียวกัน: {urls.output_file(url)}",
                         f"this file and {owners[key]} both write {urls.output_file(url)}",
                         "เปลี่ยนชื่อไฟล์ใดไฟล์หนึ่ง / rename one of them")
        owners.setdefault(key, src)
    attachments_over_pages(owners, attachments, problems)


def attachments_over_pages(owners: dict[str, str], attachments, problems: Problems) -> None:
    """An attachment published where a page is written, or where a page's folder is."""
    folders = {posixpath.dirname(out) for out in owners}
    for url, doc_rel, place in attachments:
        key = url.lower()
        if key in owners or key in folders:
            owner = owners.get(key) or next(owners[out] for out in owners if posixpath.dirname(out) == key)
            problems.add(doc_rel, *place(), f"ไฟล์แนบนี้จะเขียนทับหน้าเว็บของ {owner} ที่ {url}",
                         f"this attachment would overwrite the page of {owner} at {url}",
                         "ย้ายไฟล์แนบไปไว้ในโฟลเดอร์ files/ / move the attachment into a files/ folder")
