"""Preview: `ita-site serve` and its incremental engine, built on the full build's own pipeline.

Holds: serve (the local server with live reload), incremental (rebuild only what changed), pagecache
(pages by URL with the key of their inputs), fingerprint (keys of page inputs), writer (the preview
folder, updated in place).
May import: every build stage and ita_site.pipeline. The build never imports preview.
"""
