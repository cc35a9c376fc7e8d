"""Pagefind as ita-site ran it until the seventh session (the peer of the search benchmarks, issue 16).

The build now makes its own index (ita_site/publish/searchindex.py); the benchmarks still run the
Pagefind *extended* binary (PyPI `pagefind[extended]`, not a dependency of ita-site any more: install
it beside the benchmarks) with the options the build gave it, over the same pages.
"""

from __future__ import annotations

from pathlib import Path

EXCLUDE = (".eyebrow", ".updated", ".pager", ".indicator-links", ".pdf-source", ".file-meta")


def executable() -> Path:
    from pagefind_bin_extended import get_executable
    return get_executable()


def command(site_dir: Path, bundle: Path) -> list[str]:
    cmd = [str(executable()), "--site", str(site_dir), "--output-path", str(bundle), "--silent"]
    for selector in EXCLUDE:
        cmd += ["--exclude-selectors", selector]
    return cmd


def prune(bundle: Path) -> None:
    """Drop Pagefind's ready-made UIs, as the build did (it used only the JS API)."""
    for path in bundle.glob("pagefind-*ui*"):
        path.unlink()
    (bundle / "pagefind-highlight.js").unlink(missing_ok=True)
