"""Render stage: page views become HTML with Jinja, on every core.

Holds: jinja (the Jinja environment: site templates over the package's, autoescape, StrictUndefined),
parallel (forked workers that render shares of the pages into the staging folder).
May import: foundation, content, model, checks, pages.
"""
