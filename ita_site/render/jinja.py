"""Render stage: Jinja2 pages from views.

Templates are looked up in the site's own templates/ first, then in the package defaults, so a site
can override any one file. Autoescape and StrictUndefined are on: a typo in a template is an error,
not an empty string.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from ita_site.content import source
from ita_site.pages import langmark
from ita_site.errors import Problem, Problems
from ita_site.pages.views import PageView

PACKAGE_TEMPLATES = Path(__file__).parents[1] / "templates"


def environment(project: Path) -> jinja2.Environment:
    loaders = []
    site_templates = project / "templates"
    if site_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(site_templates)))
    loaders.append(jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["en"] = langmark.mark_text      # English passages of plain-text fields get lang="en"
    return env


def check_templates(project: Path, problems: Problems) -> None:
    """The site's own templates get the encoding messages content files get (UTF-16, Windows-874 ...)."""
    root = project / "templates"
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            source.read_text(path, "templates/" + path.relative_to(root).as_posix(), problems)


def render_page(env: jinja2.Environment, view: PageView) -> bytes:
    template = env.get_template(view.template)
    return template.render(**view.context).encode("utf-8")


def template_problem(exc: Exception, view: PageView) -> Problem:
    """A template error as a problem (a site's own template may have a typo)."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return Problem(f"templates/{exc.name or view.template}", exc.lineno or 0, 1,
                       "ไวยากรณ์เทมเพลตไม่ถูกต้อง", f"template syntax error: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return Problem(f"templates/{exc.name}", 0, 0, "ไม่พบเทมเพลต",
                       f"template not found: {exc.name} (looked in templates/ and the package defaults)")
    return Problem(f"templates/{view.template}", 0, 0, "เทมเพลตใช้ค่าที่ไม่มีอยู่",
                   f"template error while rendering /{view.url}: {exc}",
                   "ตรวจชื่อตัวแปรในเทมเพลต / check the variable names in the template")
