"""A street office logs in with its password and sees its own street only, in real Chromium.

The scenario's petitions lie in three streets (车站 zd.cz, 科苑 zd.ky, 马尚 zd.ms) and a
second whistle is blown in 科苑: the 车站 street office's browser shows its four petitions
and its own whistle, never another street's, and asking the API for another street's
petition (from the logged-in page itself) answers 404, as for a petition that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from jiesu.domain.access import Role
from jiesu.settings import Settings
from tests.access_support import PASSWORD, person
from tests.e2e.test_dashboard_browser import (  # noqa: F401
    ARTIFACTS,
    CHROMIUM_ARGS,
    projector,
    shown_city,
)
from tests.integration import test_dashboard_support as world
from tests.tools import chromium

pytestmark = pytest.mark.browser
OWN = {world.P1, world.P2, world.P4, world.P7}
OTHERS = {world.P3, world.P5, world.P6}


@pytest.fixture
def served(shown_city: Settings, projector) -> Iterator[str]:  # noqa: F811
    from projections.web.app import create_app

    elsewhere, made = world.new_whistle(
        "KY-WHISTLE", world.T0 + timedelta(hours=13), "zd.ky.hjy.c01"
    )
    world.publish(shown_city, made)
    world.wait_until_projected(shown_city, shown_city.database_url)
    person(shown_city, "chezhan", Role.STREET, "zd.cz")
    with world.ServedApp(create_app(shown_city)) as app:
        app.elsewhere = elsewhere  # type: ignore[attr-defined]
        yield app.url


@pytest.fixture
def street_page() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium()), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        yield page
        browser.close()


def log_in(page, url: str, username: str, password: str) -> None:
    page.goto(url + "/petitions?limit=50")
    assert "/login?next=" in page.url, page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/petitions?limit=50")


def linked_petitions(page, table: str) -> set[str]:
    hrefs = page.eval_on_selector_all(f"#{table} a", "els => els.map(e => e.getAttribute('href'))")
    return {h.removeprefix("/petitions/") for h in hrefs if h.startswith("/petitions/")}


def test_a_street_office_sees_only_its_streets_petitions_and_whistles(served, street_page):
    page = street_page
    page.goto(served + "/login")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-login.png"))
    page.fill("input[name=username]", "chezhan")
    page.fill("input[name=password]", "not the password")
    page.click("button[type=submit]")
    assert "用户名或密码不正确" in page.locator(".error").inner_text()

    log_in(page, served, "chezhan", PASSWORD)
    page.wait_for_selector(f"#petitions a[href='/petitions/{world.P7}']", timeout=15000)
    assert "车站街道" in page.locator("#who").inner_text()
    shown = linked_petitions(page, "petitions")
    assert shown >= OWN
    assert not shown & OTHERS

    page.goto(served + "/whistles")
    page.wait_for_selector(f"#whistles a[href='/petitions/{world.P2}']", timeout=15000)
    page.screenshot(path=str(ARTIFACTS / "dashboard-street-whistles.png"), full_page=True)
    whistled = linked_petitions(page, "whistles")
    assert world.P2 in whistled
    assert not whistled & ({world.pid("KY-WHISTLE")} | OTHERS)

    status = page.evaluate("async (id) => (await fetch(`/api/petitions/${id}`)).status", world.P3)
    assert status == 404
    own = page.evaluate("async (id) => (await fetch(`/api/petitions/${id}`)).status", world.P1)
    assert own == 200

    page.click("form.who button[type=submit]")
    page.wait_for_url("**/login")
    after = page.evaluate("async () => (await fetch('/api/petitions')).status")
    assert after == 401
