"""Every page of every site: zero axe-core WCAG 2.2 A/AA violations, zero HTML errors."""

from .browser_support import format_violations, format_vnu


def test_every_page_has_no_axe_violations(page, site, run_axe):
    report = []
    for path in site.pages:
        page.goto(site.url(path))
        violations = run_axe(page)
        if violations:
            report.append(f"{path}\n{format_violations(violations)}")
    assert not report, f"axe-core violations on site '{site.name}':\n" + "\n".join(report)


def test_every_page_is_valid_html(site, run_vnu):
    errors = run_vnu([site.file(path) for path in site.pages])
    invalid = {path: messages for path, messages in errors.items() if messages}
    assert not invalid, f"vnu errors on site '{site.name}':\n" + format_vnu(invalid, site.out_dir.resolve())
