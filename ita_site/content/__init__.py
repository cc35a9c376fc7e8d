"""Content stage: read the site's files and check each one on its own.

Holds: source (clean text from bytes), yamldoc / yamlsyntax (YAML with the position of every value, and
its error messages), load (find and classify every content file), kinds (the kinds of content file,
declared once with what later stages need of each), schema + validate (JSON Schema, kind messages),
catalogue (the OIT catalogues a fiscal year asks for), logo (site.yaml's logo file: inside the project,
a real PNG or JPEG of bounded size).
May import: the foundation modules at ita_site/ top level (errors, urls, thai, periods, workers) only.
"""
