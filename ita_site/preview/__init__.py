"""Preview: `ita-site serve` and its incremental engine, built on the full build's own pipeline.

Holds: serve (the local server with live reload), incremental (the build's steps, doing only what
changed: passed to pipeline.build_site as `steps`), pagecache (pages by URL with the key of their
inputs), writer (the preview folder, updated in place), packs (the pack PDFs, made in the background).
May import: every build stage and ita_site.pipeline. The build never imports preview.
"""
