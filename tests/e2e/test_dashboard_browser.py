"""The dashboard in real headless Chromium, on the whole pipeline.

Events go to the real broker; `jiesu project` runs as a subprocess against the module's
topics and database; the dashboard is served over real HTTP; a petition submitted through
the intake while the overview is open shows up without a reload. One city, projector,
dashboard and browser serve a module's tests (each test has a page of its own): a test
that adds to the city counts from what it found.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from jiesu.bootstrap.intake import intake_app as create_intake
from jiesu.bus.publisher import Publisher
from jiesu.domain.ids import petition_id_for
from jiesu.settings import Settings
from producers.credentials import load_credentials
from producers.dev_credentials import generate_dev_credentials
from projections.web.app import create_app
from schemas.codec import default_codec
from tests.access_support import city_headers
from tests.conftest import PROJECTOR_TIMING, topics_in
from tests.integration import test_dashboard_support as world
from tests.tools import chromium

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGES = [
    "/",
    "/map",
    "/screen",
    "/whistles",
    "/scorecards",
    "/petitions",
    "/special",
    f"/petitions/{world.P1}",
]


def environment(settings: Settings) -> dict[str, str]:
    """The projector's environment: this test's broker, topics and database."""
    return {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": str(settings.kafka_bootstrap_servers),
        "DATABASE_URL": settings.database_url,
        "JIESU_PETITION_EVENTS_TOPIC": settings.petition_events_topic,
        "JIESU_CLOCK_TOPIC": settings.clock_topic,
        "JIESU_DEAD_LETTER_TOPIC": settings.dead_letter_topic,
        "JIESU_CHANGES_TOPIC": settings.changes_topic,
        "JIESU_DATA_DIR": str(settings.data_dir),
    }


@pytest.fixture(scope="module")
def shown_city(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The module's settings: topics and a database of its own."""
    return topics_in(kafka_bootstrap, tmp_path_factory.mktemp("city"))


@pytest.fixture(scope="module")
def projector(shown_city: Settings) -> Iterator[subprocess.Popen[bytes]]:
    """`jiesu project` as a subprocess, after the scenario was published."""
    world.publish(shown_city, world.scenario())
    shown_city.data_dir.mkdir(parents=True, exist_ok=True)
    log = (shown_city.data_dir / "project.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "jiesu.cli", "project"],
        env=environment(shown_city) | PROJECTOR_TIMING,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        world.wait_until_projected(shown_city, shown_city.database_url, timeout_s=90)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def dashboard(shown_city: Settings, projector: subprocess.Popen[bytes]) -> Iterator[str]:
    with world.ServedApp(create_app(shown_city)) as served:
        yield served.url


@pytest.fixture(scope="module")
def city(shown_city: Settings) -> dict[str, str]:
    """A city-wide machine token's header (leaders' view), for the browser and httpx."""
    return city_headers(shown_city)


@pytest.fixture(scope="module")
def intake(shown_city: Settings) -> Iterator[tuple[TestClient, str]]:
    """The real intake app (its own store), publishing to the module's topics."""
    secrets = generate_dev_credentials(shown_city.data_dir / "channels.yaml", [])
    publisher = Publisher(shown_city, default_codec(shown_city))
    engine = create_engine(f"sqlite:///{shown_city.data_dir / 'intake.db'}")  # its own store
    app = create_intake(
        shown_city,
        publisher=publisher,
        engine=engine,
        credentials=load_credentials(shown_city),
    )
    with TestClient(app) as client:
        yield client, str(secrets["hotline_key"])
    publisher.close()
    engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium()), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, city: dict[str, str]) -> Iterator[object]:
    """A leader's browser: the city-wide token on every request it makes."""
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    context.set_extra_http_headers(city)
    made = context.new_page()
    errors: list[str] = []
    made.on("pageerror", lambda error: errors.append(str(error)))
    made.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield made
    context.close()
    assert not errors, errors


def submit_work_order(intake: tuple[TestClient, str]) -> str:
    client, key = intake
    order: dict[str, object] = {
        "call_id": "CALL-DASHBOARD-LIVE-1",
        "call_time": datetime.now(UTC).isoformat(),
        "title": "小区路灯不亮",
        "text": "城南社区路灯坏了好几天，晚上出行不安全，请尽快维修。",
        "place": {"area": "zd.cz.cn.c01"},
        "caller": {"name": "赵先生", "phone": "13700001111"},
    }
    answer = client.post(
        "/hotline/work-orders", json=order, headers={"Authorization": f"Bearer {key}"}
    )
    assert answer.status_code == 202, answer.text
    assert answer.json()["petition_id"] == petition_id_for("HOTLINE", "CALL-DASHBOARD-LIVE-1")
    return str(answer.json()["petition_id"])


def shown(page, key: str) -> str:
    return str(page.locator(f"#kpi-{key}").inner_text())


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.1f}%"


def test_the_overview_matches_the_api_and_updates_live(dashboard, intake, page, city):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(dashboard + "/")
    api = httpx.get(dashboard + "/api/overview", headers=city).json()
    total = api["total"]
    page.wait_for_selector(f"body[data-total='{total}']", timeout=15000)
    assert total >= 7
    assert shown(page, "total") == str(total)
    assert shown(page, "open") == str(api["open"])
    for key in ("response_rate", "resolution_rate", "satisfaction_rate"):
        assert shown(page, key) == percent(api["rates"][key]["value"])
    assert shown(page, "sla_compliance") == percent(api["sla"]["compliance"]["value"])
    assert shown(page, "breaches") == str(api["sla"]["breached"])
    assert shown(page, "unreachable") == str(api["callbacks"]["unreachable"])
    assert page.locator("#definitions dd").count() == 5  # three rates, on time, 无法回访
    assert page.locator("#chart-channel .main-svg").count() >= 1
    page.evaluate("window.__sameDocument = true")

    petition = submit_work_order(intake)
    page.wait_for_selector(f"body[data-total='{total + 1}']", timeout=10000)
    assert page.evaluate("window.__sameDocument") is True
    assert page.locator(f"#latest a[href='/petitions/{petition}']").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-overview.png"), full_page=True)
    assert all(urlparse(url).hostname == "127.0.0.1" for url in requests)


def test_the_whistle_list_shows_whistled_petitions_as_they_are_whistled(
    shown_city, dashboard, page
):
    page.goto(dashboard + "/whistles?street=zd.cz")
    row = page.locator(f"#whistles tr:has(a[href='/petitions/{world.P2}'])")
    row.wait_for(timeout=15000)
    text = row.inner_text()
    assert "电梯到期需要更换" in text
    assert "住建局✔已报到" in text
    assert "市场监管局✘逾期未报到" in text  # its report-by time passed: the processors said so
    page.wait_for_selector("#live.on", timeout=15000)
    # blown now: whatever the module's other tests filed before it, its report is not due yet
    petition, made = world.new_whistle("WHISTLE-LIVE", datetime.now(UTC))
    whistles = int(page.evaluate("document.body.dataset.whistles"))
    world.publish(shown_city, made)
    page.wait_for_selector(f"#whistles a[href='/petitions/{petition}']", timeout=10000)
    assert page.locator(f"body[data-whistles='{whistles + 1}']").count() == 1
    fresh = page.locator(f"#whistles tr:has(a[href='/petitions/{petition}'])").inner_text()
    assert "住建局…待报到" in fresh  # four hours to report: not late
    assert "逾期" not in fresh
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-whistles.png"), full_page=True)


def test_the_petition_page_shows_its_full_trace_without_personal_data(dashboard, page):
    page.goto(f"{dashboard}/petitions/{world.P7}")
    page.wait_for_selector("#timeline li", timeout=15000)
    body = page.locator("body").inner_text()
    assert "138****5678" in body
    for secret in (world.SECRET_NAME, world.SECRET_PHONE, world.PHONE_IN_TEXT):
        assert secret not in body
    page.goto(f"{dashboard}/petitions/{world.P1}")
    page.wait_for_selector("#timeline li >> nth=6", timeout=15000)
    assert page.locator("#timeline li").count() == 7


def test_no_page_references_an_external_url(dashboard, city):
    external = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)
    for path in [*PAGES, "/login"]:
        html = httpx.get(dashboard + path, headers=city).text
        assert not external.search(html), path
        for asset in re.findall(r"""(?:src|href)="(/[^"]+)\"""", html):
            answer = httpx.get(dashboard + asset, headers=city)
            assert answer.status_code == 200, asset
    scripts = ["common", "citymap", "overview", "map", "screen", "whistles", "scorecards"]
    for script in [*scripts, "petitions", "petition"]:
        source = httpx.get(f"{dashboard}/static/{script}.js").text
        assert not re.search(r"https?://", source), script


def test_scorecards_show_each_units_breaches_and_each_departments_reports(dashboard, page, city):
    """A unit that missed a deadline shows its count under 超时; departments add 报到."""
    cards = {
        kind: httpx.get(f"{dashboard}/api/scorecards?kind={kind}", headers=city).json()["items"]
        for kind in ("unit", "department")
    }
    late = next(card for card in cards["unit"] if card["breaches"])  # P3's grid worker
    page.goto(dashboard + "/scorecards")
    row = page.locator("#scorecards tbody tr", has_text=late["label"]).first
    row.wait_for(timeout=15000)
    assert row.locator("td").nth(3).inner_text() == str(late["breaches"])
    summoned = next(card for card in cards["department"] if card["summoned"])
    page.select_option("#kind", "department")
    page.wait_for_selector("#scorecards th:has-text('报到率')", timeout=15000)
    headers = page.locator("#scorecards th").all_inner_texts()
    row = page.locator("#scorecards tbody tr", has_text=summoned["label"]).first
    cells = dict(zip(headers, row.locator("td").all_inner_texts(), strict=True))
    assert cells["被召集"] == str(summoned["summoned"])
    assert cells["已报到"] == str(summoned["reported"])


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("/scorecards", "#scorecards tbody tr >> nth=2"),
        ("/special", f"#repeats a[href='/petitions/{world.P4}']"),
        ("/petitions?limit=50", f"#petitions a[href='/petitions/{world.P3}']"),
    ],
)
def test_every_page_renders_its_data_without_script_errors(dashboard, page, path, selector):
    page.goto(dashboard + path)
    page.wait_for_selector(selector, timeout=15000)
    page.wait_for_selector("#live.on", timeout=15000)
