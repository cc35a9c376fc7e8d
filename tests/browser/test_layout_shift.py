"""Layout stability on a phone: no layout shift when the Sarabun font arrives late.

Each font response is held back (Playwright route delay) while the page loads at 412 CSS px, as on a
throttled phone; a PerformanceObserver sums the 'layout-shift' entries (cumulative layout shift, CLS)
until well after the fonts have arrived. Chromium's "good" threshold is 0.1.
"""

from __future__ import annotations

import pytest

from .conftest import HOME, INDICATOR, ITEM

FONT_DELAY_S = 1.5
GOOD_CLS = 0.1

_OBSERVE_JS = """
(() => {
  window.__cls = 0;
  window.__shifts = [];
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      window.__cls += entry.value;
      window.__shifts.push(entry.value);
    }
  }).observe({type: 'layout-shift', buffered: true});
})();
"""


@pytest.fixture(scope="module")
def slow_fonts(built_site):
    """The default site again, on a server that answers every .woff2 request FONT_DELAY_S late."""
    from .browser_support import StaticServer, site_base_path

    site = built_site("default")
    with StaticServer(site.out_dir, site_base_path(site.out_dir),
                      delays={".woff2": FONT_DELAY_S}) as server:
        yield server


def measure_cls(new_page, url: str) -> tuple[float, int]:
    """(CLS, number of font responses) of loading `url` at 412 px with every font FONT_DELAY_S late."""
    page = new_page(viewport={"width": 412, "height": 915}, device_scale_factor=2.625, is_mobile=True,
                    has_touch=True)
    fonts = []
    page.on("response", lambda response: fonts.append(response.url) if response.url.endswith(".woff2") else None)
    page.add_init_script(_OBSERVE_JS)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_timeout(int(FONT_DELAY_S * 1000) + 1500)      # the fonts have arrived and been applied
    page.evaluate("() => document.fonts.ready")
    page.wait_for_timeout(300)
    return page.evaluate("() => window.__cls"), len(fonts)


@pytest.mark.parametrize("path", [HOME, ITEM, INDICATOR])
def test_no_layout_shift_when_the_font_arrives_late(new_page, slow_fonts, path):
    cls, fonts = measure_cls(new_page, slow_fonts.url(path))
    assert fonts, "no web font was loaded: the test would measure nothing"
    assert cls < GOOD_CLS, f"{path}: cumulative layout shift {cls:.3f} with fonts {FONT_DELAY_S}s late"
