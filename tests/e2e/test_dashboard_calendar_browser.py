"""In real headless Chromium: the banner every page shows while an open petition has a
provisional deadline, and the petition page marking that deadline (暂定)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jiesu.settings import Settings
from projections.web.app import create_app
from tests.access_support import city_headers
from tests.e2e.test_dashboard_browser import ARTIFACTS, CHROMIUM_ARGS
from tests.integration import test_dashboard_calendar as calendar
from tests.integration import test_dashboard_support as world
from tests.tools import chromium

pytestmark = pytest.mark.browser


@pytest.fixture
def settings(unique_topics: Settings, sqlite_url: str) -> Settings:
    return unique_topics.model_copy(update={"database_url": sqlite_url})


@pytest.fixture
def dashboard(settings: Settings, sqlite_url: str) -> Iterator[str]:
    world.publish(settings, calendar.scenario())
    with world.ProjectorThread(settings, sqlite_url):
        world.wait_until_projected(settings, sqlite_url)
        with world.ServedApp(create_app(settings)) as served:
            yield served.url


@pytest.fixture
def browser_page(settings: Settings) -> Iterator[object]:
    """A leader's browser: the city-wide token on every request it makes."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium()), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1200})
        context.set_extra_http_headers(city_headers(settings))
        made = context.new_page()
        errors: list[str] = []
        made.on("pageerror", lambda error: errors.append(str(error)))
        yield made
        browser.close()
        assert not errors, errors


def test_every_page_shows_the_banner_and_the_petition_marks_its_deadline(
    dashboard: str, browser_page: object
) -> None:
    page = browser_page
    for path in ("/", "/whistles", "/petitions"):
        page.goto(dashboard + path)  # type: ignore[attr-defined]
        banner = page.locator("#calendar-banner")  # type: ignore[attr-defined]
        banner.wait_for(state="visible", timeout=15000)
        text = banner.inner_text()
        assert "1 件未办结诉求的办理时限为暂定" in text
        assert "2027年" in text
    page.goto(f"{dashboard}/petitions/{calendar.PA}")  # type: ignore[attr-defined]
    page.wait_for_selector("#facts dd", timeout=15000)  # type: ignore[attr-defined]
    facts = page.locator("#facts").inner_text()  # type: ignore[attr-defined]
    assert "（暂定）" in facts
    assert "时限说明" in facts
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "petition-provisional.png"))  # type: ignore[attr-defined]
    page.goto(f"{dashboard}/petitions/{calendar.PC}")  # type: ignore[attr-defined]
    page.wait_for_selector("#facts dd", timeout=15000)  # type: ignore[attr-defined]
    facts = page.locator("#facts").inner_text()  # type: ignore[attr-defined]
    assert "否（按首次时限）" in facts
    assert "（暂定）" not in facts
