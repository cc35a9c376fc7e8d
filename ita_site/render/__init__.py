"""Render stage: page views become HTML with Jinja, on every core.

Holds: jinja (the Jinja environment: site templates over the package's, autoescape, StrictUndefined),
parallel (forked workers that render shares of the pages into the staging folder), cached (the same with
the build cache: a page with the same template files and context is copied from it).
May import: foundation, content, model, checks, pages.
"""
