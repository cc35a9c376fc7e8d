"""In-page measurements for keyboard, reflow and print checks (Playwright sync pages).

Each function returns plain data; the tests decide what is a failure, so the
same checks run on the built sites and on the deliberately broken fixture.
"""

from __future__ import annotations

# Everything a keyboard user can reach with Tab, in DOM order. Elements that are
# not rendered (display:none, closed <details>), invisible, disabled, inert or
# taken out of the tab order (tabindex < 0) are left out.
_MARK_FOCUSABLES_JS = """
() => {
  const selector = [
    'a[href]', 'area[href]', 'button', 'input:not([type=hidden])', 'select', 'textarea',
    'details > summary:first-of-type', 'iframe', 'audio[controls]', 'video[controls]',
    '[contenteditable=""]', '[contenteditable="true"]', '[tabindex]'
  ].join(',');
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    delete el.dataset.kbIndex;
    const tabindex = el.getAttribute('tabindex');
    if (tabindex !== null && parseInt(tabindex, 10) < 0) continue;
    if (el.matches(':disabled') || el.closest('[inert]')) continue;
    if (el.getClientRects().length === 0) continue;
    if (getComputedStyle(el).visibility !== 'visible') continue;
    el.dataset.kbIndex = String(found.length);
    found.push(window.__kbDescribe(el));
  }
  return found;
}
"""

_DESCRIBE_JS = """
() => {
  window.__kbDescribe = (el) => {
    if (!el || el === document.body) return '(body)';
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40);
    const cls = el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    const href = el.getAttribute('href');
    return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls}${href ? ' href=' + href : ''}> "${text}"`;
  };
}
"""

# The focused element, and whether it shows a focus indicator: an outline
# (style not none, width > 0) or a box-shadow.
_ACTIVE_JS = """
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outlineWidth = parseFloat(style.outlineWidth) || 0;
  const hasOutline = style.outlineStyle !== 'none' && outlineWidth > 0;
  const hasShadow = style.boxShadow !== 'none' && style.boxShadow !== '';
  return {
    index: el.dataset.kbIndex === undefined ? null : Number(el.dataset.kbIndex),
    description: window.__kbDescribe(el),
    indicator: hasOutline || hasShadow,
    outline: `${style.outlineStyle} ${style.outlineWidth}`,
    boxShadow: style.boxShadow,
  };
}
"""

_ACTIVE_BOX_JS = """
() => {
  const el = document.activeElement;
  const r = el.getBoundingClientRect();
  return {
    matches_skip_link: el.matches('a.skip-link'),
    href: el.getAttribute('href'),
    width: r.width, height: r.height,
    inside: r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight,
  };
}
"""


def focusable_elements(page) -> list[str]:
    """Describe (and mark with data-kb-index) every tabbable element in DOM order."""
    page.evaluate(_DESCRIBE_JS)
    return page.evaluate(_MARK_FOCUSABLES_JS)


def tab_through(page, presses: int) -> list[dict]:
    """Press Tab `presses` times from the top of the page; record each focus."""
    page.evaluate(_DESCRIBE_JS)
    records = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        records.append(page.evaluate(_ACTIVE_JS))
    return records


def first_tab_target(page) -> dict:
    """Press Tab once on a freshly loaded page; describe what got focus.

    Waits up to 1 s for a CSS transition to bring the element into view.
    """
    page.keyboard.press("Tab")
    try:
        page.wait_for_function(
            "() => { const r = document.activeElement.getBoundingClientRect();"
            " return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0"
            " && r.right <= innerWidth && r.bottom <= innerHeight; }",
            timeout=1000,
        )
    except Exception:  # noqa: BLE001 - the returned data tells the test what is wrong
        pass
    return page.evaluate(_ACTIVE_BOX_JS)


def active_element(page) -> dict:
    return page.evaluate(
        "() => { const el = document.activeElement;"
        " return {tag: el.tagName.toLowerCase(), id: el.id, tabindex: el.getAttribute('tabindex')}; }"
    )


def scroll_width(page) -> dict:
    """Document width against the viewport width (horizontal scrolling if larger)."""
    return page.evaluate(
        "() => ({scrollWidth: document.scrollingElement.scrollWidth,"
        " clientWidth: document.scrollingElement.clientWidth, innerWidth: window.innerWidth})"
    )


def row_displays(page, selector: str = "table.measures tr") -> list[str]:
    return page.eval_on_selector_all(selector, "rows => rows.map(r => getComputedStyle(r).display)")


def displays(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => getComputedStyle(e).display)")


def external_link_afters(page) -> list[dict]:
    """For every a[href^="http"] inside main: its href and computed ::after content."""
    return page.eval_on_selector_all(
        'main a[href^="http"]',
        "links => links.map(a => ({href: a.getAttribute('href'),"
        " after: getComputedStyle(a, '::after').content}))",
    )


def add_external_link_probe(page, href: str = "https://example.org/probe-document.pdf") -> None:
    """Add one external link to main, so the print rule is checked on any page."""
    page.evaluate(
        """href => {
            const p = document.createElement('p');
            const a = document.createElement('a');
            a.href = href; a.textContent = 'probe'; a.className = 'print-probe';
            p.appendChild(a);
            document.querySelector('main').appendChild(p);
        }""",
        href,
    )


def row_break_inside(page, selector: str = "tr") -> list[str]:
    return page.eval_on_selector_all(selector, "rows => rows.map(r => getComputedStyle(r).breakInside)")


def tab_order_problems(page) -> tuple[list[str], list[dict]]:
    """Tab through a freshly loaded page; list where focus left DOM order.

    Returns (problems, records); records say, per Tab press, what got focus
    and whether it showed a focus indicator.
    """
    expected = focusable_elements(page)
    records = tab_through(page, len(expected))
    problems = []
    for step, (want, got) in enumerate(zip(expected, records), start=1):
        if got["index"] != step - 1:
            problems.append(f"Tab #{step}: expected {want}, focus went to {got['description']}")
    if not expected:
        problems.append("page has no focusable element at all")
    return problems, records


def focus_indicator_problems(records: list[dict]) -> list[str]:
    return [
        f"{r['description']}: no focus indicator (outline {r['outline']}, box-shadow {r['boxShadow']})"
        for r in records
        if not r["indicator"]
    ]
