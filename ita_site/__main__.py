from ita_site.cli import main

raise SystemExit(main())
