#!/usr/bin/env python3
"""Build the default site and save full-page screenshots for the docs.

Usage: python scripts/screenshots.py [--project DIR] [--out docs/screenshots]

Writes home-360.png, home-1280.png, item-360.png, item-1280.png,
indicator-360.png and indicator-1280.png (fixed names, so docs can link them).
Needs Debian's /usr/bin/chromium and Playwright for Python; a Thai font
(apt-get install fonts-thai-tlwg) makes Thai text render as text, not boxes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests"))

from browser.browser_support import (  # noqa: E402 - needs the path above
    StaticServer,
    build_site,
    launch_chromium,
    new_context,
    site_base_path,
)

PAGES = {
    "home": "/",
    "item": "/2564/o43/",
    "indicator": "/2564/o43/indicator-1/",
}
WIDTHS = (360, 1280)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=REPO_ROOT, help="project folder (holds content/)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "screenshots",
                        help="folder for the PNG files")
    return parser.parse_args(argv)


def warn_without_thai_font() -> None:
    try:
        fonts = subprocess.run(["fc-list", ":lang=th"], capture_output=True, text=True).stdout
    except FileNotFoundError:
        fonts = ""
    if not fonts.strip():
        print("warning: no Thai font installed (apt-get install fonts-thai-tlwg); "
              "Thai text will show as boxes", file=sys.stderr)


def take_screenshots(browser, server: StaticServer, out: Path) -> list[Path]:
    saved = []
    for width in WIDTHS:
        context = new_context(browser, viewport={"width": width, "height": 800}, device_scale_factor=1)
        page = context.new_page()
        for name, path in PAGES.items():
            response = page.goto(server.url(path))
            if response is None or response.status != 200:
                status = response.status if response else "no response"
                raise SystemExit(f"{path}: HTTP {status}; is the page built?")
            page.evaluate("() => document.fonts.ready")
            page.reload()               # font-display: optional: the second view finds Sarabun in the cache
            page.evaluate("() => document.fonts.ready")
            target = out / f"{name}-{width}.png"
            page.screenshot(path=str(target), full_page=True, animations="disabled")
            saved.append(target)
        context.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from playwright.sync_api import sync_playwright

    warn_without_thai_font()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ita-site-shots-") as tmp:
        out_dir = Path(tmp) / "output"
        try:
            build_site(args.project.resolve(), out_dir)
        except AssertionError as error:
            print(error, file=sys.stderr)
            return 1
        with StaticServer(out_dir, site_base_path(out_dir)) as server, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                saved = take_screenshots(browser, server, args.out)
            finally:
                browser.close()
    for path in saved:
        print(path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
