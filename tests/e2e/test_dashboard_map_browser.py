"""The city map in real headless Chromium: drawn from the shipped shapes without any
request leaving the machine, shaded by the viewer's figures, and a click on a community
filters the other pages by its street."""

from __future__ import annotations

from urllib.parse import urlparse

import httpx
import pytest

from tests.e2e.test_dashboard_browser import (  # noqa: F401  (fixtures)
    ARTIFACTS,
    browser,
    city,
    dashboard,
    page,
    projector,
    shown_city,
)

pytestmark = pytest.mark.browser


def test_the_map_is_drawn_offline_and_a_click_filters_by_street(dashboard, page, city):  # noqa: F811
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(dashboard + "/map")
    page.wait_for_selector("body[data-mapped]", timeout=15000)
    page.wait_for_selector("#chart-map .choroplethlocation", timeout=15000)
    figures = httpx.get(dashboard + "/api/map", headers=city).json()
    shaded = {a["code"]: a["open"] for a in figures["areas"] if a["level"] == "community"}
    assert page.locator("#chart-map .choroplethlocation").count() == len(shaded) == 11
    assert shaded["zd.cz.cg"] == 2  # P4 reopened and P7 open, P1 closed
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-map.png"), full_page=True)
    box = page.locator("#chart-map .choroplethlocation").first.bounding_box()  # 春光山色社区
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#selected[data-street='zd.cz']", timeout=5000)
    page.locator("#selected a[href='/petitions?street=zd.cz']").click()
    page.wait_for_selector("#petitions tbody tr >> nth=2", timeout=15000)
    streets = page.locator("#petitions tbody tr td:nth-child(5)").all_inner_texts()
    assert set(streets) == {"车站街道"}, streets
    assert page.locator("#filters input[name='street']").input_value() == "zd.cz"
    assert all(urlparse(url).hostname == "127.0.0.1" for url in requests), requests
