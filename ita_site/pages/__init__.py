"""Pages stage: the model becomes page views, the plain data each template receives.

Holds: listing (which pages the site has: one PageView per output page), views (what each template
receives; templates never see the model), markup + mdfast (safe Markdown to HTML).
May import: foundation, content, model, checks.
"""
