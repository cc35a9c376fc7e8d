"""Model stage: validated documents become the site model (ita_site.model.site.Site), with the checks
that need more than one file.

Holds: site (the model types and their fixed order), assemble (cross-file checks while the model is put
together), sources (every page a content file makes, for the collision check and <lastmod>), sections
(folders of free pages), coverage (is every catalogue item published and current), evidence (has / has
not, evidence and note of an item, for the ITAS sheet and the assessor's pack), pdfinfo (what each PDF
attachment says about itself), tables + tablegaps (a table item's rows per period; the periods it lacks
or should not hold).
May import: foundation, content. Never rendering (pages, render, publish).
"""
