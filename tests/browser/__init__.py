"""Browser tests: axe-core, the Nu Html Checker, keyboard, reflow and print checks in Chromium."""
