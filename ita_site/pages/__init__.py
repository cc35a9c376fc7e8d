"""Pages stage: the model becomes page views, the plain data each template receives.

Holds: listing (which pages the site has: one PageView per output page, in order), views (the base
context every page gets; templates never see the model), head (head links, JSON-LD, feed titles),
report (the year index and coverage report), sections (section pages), pdftext (PDF text pages),
markup + mdfast (safe Markdown to HTML), fingerprint (keys of page inputs, for serve's page cache).
May import: foundation, content, model, checks.
"""
