#!/usr/bin/env python3
"""ita-site's command line, for the benchmark: `ita_bench.py [--no-search-index] build ...`.

With --no-search-index the build is the same except that the Pagefind step (search.index, which
indexes every written page into pagefind/) does nothing: the peers build no search index, so this
is the same layout work as theirs. Without it, this is exactly `ita-site build`.
"""

import sys

args = sys.argv[1:]
if args[:1] == ["--no-search-index"]:
    args = args[1:]
    from ita_site.publish import search

    search.index = lambda *a, **k: True

from ita_site.cli import main  # noqa: E402

sys.exit(main(args))
