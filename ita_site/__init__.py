"""ita-site: a static site generator for the ITA (OIT) disclosure websites of Thai agencies.

The package is laid out as the pipeline (load -> validate -> model -> check -> render -> write), one
folder per stage; imports point one way, from later stages to earlier ones (tests/test_imports.py holds
the rule):

    foundation (this folder: errors, urls, thai, periods, workers)
      <- content <- model <- checks <- pages <- render <- publish
      <- pipeline (the orchestrator) <- preview (serve) <- cli
    authoring (new, import) may use foundation, content, model and checks; the build never imports it.

Package data stays at this level, because its paths are part of what users see: schemas/ (content
files name it in their `$schema` line), catalogues/, templates/ (a site's templates/ overrides them),
static/, templates_scaffold/.
"""

__version__ = "0.1.0"
