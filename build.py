"""`python build.py` does what `ita-site build` does (any ita-site arguments work too)."""

from ita_site.cli import main

raise SystemExit(main())
