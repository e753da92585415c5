"""Every chart of every page has data, in real headless Chromium, on the whole pipeline.

The scenario of :mod:`tests.integration.test_dashboard_support` is folded by `jiesu
project`; each page is opened and each of its Plotly charts (every ``.plot`` element) must
be drawn with at least one trace holding a non-zero value: an hourly chart of the wrong day,
or an empty map, fails.
"""

from __future__ import annotations

import pytest

from tests.e2e.test_dashboard_browser import (  # noqa: F401  (fixtures)
    ARTIFACTS,
    PAGES,
    browser,
    city,
    dashboard,
    page,
    projector,
    shown_city,
)

pytestmark = pytest.mark.browser
CHARTED = PAGES  # the map and the wall among them

DRAWN = """() => {
  const plots = Array.from(document.querySelectorAll('.plot'));
  return plots.length > 0 && plots.every((el) => Array.isArray(el.data) && el.data.length);
}"""
NON_EMPTY = """() => Array.from(document.querySelectorAll('.plot')).map((el) => ({
  id: el.id,
  traces: el.data.length,
  filled: el.data.some((t) => [t.y, t.z, t.values, t.r]
    .some((v) => Array.from(v || []).some((x) => x !== null && Number(x) !== 0))),
}))"""


def charts_of(page, url: str) -> list[dict[str, object]]:  # noqa: F811
    """The page's charts once all are drawn, or [] for a page without charts."""
    page.goto(url)
    page.wait_for_selector("#live.on", state="attached", timeout=15000)  # hidden on /screen
    if page.locator(".plot").count() == 0:
        return []
    page.wait_for_function(DRAWN, timeout=15000)
    page.wait_for_timeout(500)  # the refresh after the feed is positioned redraws in place
    return list(page.evaluate(NON_EMPTY))


def test_every_chart_of_every_page_has_a_non_empty_trace(dashboard, page):  # noqa: F811
    seen = 0
    for path in CHARTED:
        charts = charts_of(page, dashboard + path)
        empty = [c["id"] for c in charts if not c["filled"]]
        assert not empty, (path, empty)
        seen += len(charts)
        if charts:
            ARTIFACTS.mkdir(exist_ok=True)
            name = path.strip("/").replace("/", "-") or "overview"
            page.screenshot(path=str(ARTIFACTS / f"charts-{name}.png"), full_page=True)
    assert seen >= 7 + 1 + 4, seen  # the overview, the map, the wall


def test_the_wall_rotates_its_panels_in_large_type(dashboard, page):  # noqa: F811
    page.goto(dashboard + "/screen?every=5")
    page.wait_for_selector("body[data-total='7']", timeout=15000)
    assert page.locator("#big-total").inner_text() == "7"
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.getElementById('big-total')).fontSize)"
    )
    assert size >= 48
    assert page.locator("header").is_hidden()
    order = []
    ARTIFACTS.mkdir(exist_ok=True)
    for _ in range(4):
        order.append(page.evaluate("document.body.dataset.panel"))
        visible = page.locator(f".panel[data-panel='{order[-1]}'] .js-plotly-plot")
        assert all(box and box["width"] > 600 for box in map(_box, visible.all())), order
        if order[-1] == "map":  # drawn while hidden, yet laid out for the whole width
            chart = _box(page.locator("#screen-map"))
            legend = _box(page.locator("#screen-map .colorbar"))
            assert chart is not None
            assert legend is not None
            assert legend["x"] > chart["x"] + 0.8 * chart["width"]
        page.screenshot(path=str(ARTIFACTS / f"dashboard-screen-{order[-1]}.png"))
        if len(order) > 1:  # the wall turned by itself once; the operator turns it on
            page.keyboard.press("ArrowRight")
        page.wait_for_function(f"document.body.dataset.panel !== {order[-1]!r}", timeout=10000)
    assert order == ["numbers", "map", "trends", "whistles"]
    page.wait_for_selector("body[data-panel='numbers']", timeout=10000)
    page.keyboard.press("ArrowLeft")
    page.wait_for_selector("body[data-panel='whistles']", timeout=10000)


def _box(locator):
    """A chart's size on screen: a panel shown after being hidden must be redrawn full width."""
    return locator.bounding_box()
