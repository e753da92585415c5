"""The overview's hours and trend, the whistle list's one line per matter and the petition's
story, on read models the real projector built from a real event log.

The scenario of :mod:`tests.integration.test_dashboard_support`, plus a second whistle on
P2 and whistles on both petitions of the retirees' group case (P5, P6, lead P6).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jiesu.domain import events as ev
from jiesu.domain.access import Role
from jiesu.domain.ids import derived_id
from jiesu.settings import Settings
from projections.web.app import create_app
from tests.access_support import bearer, city_headers, token_for
from tests.integration import test_dashboard_support as world

HOUR = timedelta(hours=1)
AGAIN = derived_id("dashboard-story", "whistle-again")
ENDED = derived_id("dashboard-story", "whistle-ended")


def whistle(petition: str, n: int, whistle_id: str, at: Any, street: str) -> ev.Event:
    return ev.WhistleBlown(
        **world.env(petition, n, at),
        whistle_id=whistle_id,
        street=street,
        departments=("housing",),
        report_by=at + 4 * HOUR,
        summary="再次召集",
        reason="street level",
    )


def extra() -> list[ev.Event]:
    """P2 whistled again; both retirees routed to their street and whistled."""
    made = [whistle(world.P2, 6, AGAIN, world.T0 + 2 * HOUR, "street:zd.cz")]
    for n, p in enumerate((world.P5, world.P6)):
        at = world.T0 + (12 + n) * HOUR
        made.append(world.routed(p, at, "street:zd.ms", ev.HandlingLevel.STREET, "housing"))
        made.append(whistle(p, 7, derived_id("dashboard-story", p), at + HOUR, "street:zd.ms"))
    return made


def whistled_before_resolved(events: list[ev.Event]) -> list[ev.Event]:
    """P1 whistled two hours in, its department's report due at six: the compound resolves
    it at five, so nothing more is asked of the department."""
    blown = whistle(world.P1, 9, ENDED, world.T0 + 2 * HOUR, "street:zd.cz")
    at = next(
        n
        for n, e in enumerate(events)
        if isinstance(e, ev.PetitionResolved) and e.petition_id == world.P1
    )
    return [*events[:at], blown, *events[at:]]


@pytest.fixture(scope="module")
def built(
    kafka_bootstrap: str, module_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    events = whistled_before_resolved(world.scenario() + extra())
    return world.projected_once(kafka_bootstrap, module_database_url, tmp_path_factory, events)


@pytest.fixture(scope="module")
def client(built: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(built), headers=city_headers(built)) as test_client:
        yield test_client


get = world.get_json


def test_the_hours_are_those_of_the_day_received_and_the_trend_has_its_rates(client):
    data = get(client, "/api/overview")
    assert data["hour_day"] == "2026-10-12"
    hours = {row["key"]: row["count"] for row in data["by_hour"]}
    assert len(hours) == 24
    assert hours[9] == 3  # P1, P2, P3 between 09:00 and 09:59 Beijing
    assert sum(hours.values()) == 7
    (day,) = data["trend"]
    assert (day["day"], day["received"]) == ("2026-10-12", 7)
    assert day["resolution_rate"] == pytest.approx(data["rates"]["resolution_rate"]["value"])
    assert day["breaches"] == data["sla"]["breached"]
    assert sum(row["count"] for row in data["ageing"]) == data["open"]


def test_the_whistle_list_has_one_line_per_matter(client):
    items = get(client, "/api/whistles")["items"]
    lines = {item["petition_id"]: item for item in items}
    assert len(lines) == len(items)
    assert lines[world.P2]["whistles"] == 2
    assert lines[world.P2]["whistle_id"] == AGAIN  # the latest stands for the matter
    assert world.P5 not in lines
    assert lines[world.P6]["group_members"] == 2


def test_the_petition_page_tells_its_story(client):
    data = get(client, f"/api/petitions/{world.P2}")
    assert [w["whistle_id"] for w in data["whistles"]] == [world.WHISTLE, AGAIN]
    reports = {d["name"]: d["state"] for d in data["deadlines"] if "报到" in d["name"]}
    assert reports == {
        "第1次吹哨 住建局 报到时限": "met",  # within the hour
        "第1次吹哨 市场监管局 报到时限": "late",  # never
        "第2次吹哨 住建局 报到时限": "late",
    }
    assert data["deadlines"][0]["name"] == "签收时限"
    assert data["petition"]["co_department_labels"] == ["住建局", "市场监管局"]  # 会同 the street
    actors = {a["actor"] for a in data["actors"]}
    assert "住建局" in actors, actors  # the department that reported
    closed = get(client, f"/api/petitions/{world.P1}")
    states = {d["name"]: d["state"] for d in closed["deadlines"]}
    assert states["签收时限"] in ("met", "missed")
    assert states["首次办结时限"] in ("met", "missed")


def test_a_department_is_not_late_for_a_matter_resolved_before_its_report_was_due(client):
    data = get(client, f"/api/petitions/{world.P1}")
    (ended,) = data["whistles"]
    assert ended["whistle_id"] == ENDED
    assert not ended["open"]
    (housing,) = ended["departments"]
    assert (housing["reported"], housing["overdue"], housing["ended"]) == (False, False, True)
    assert not [d for d in data["deadlines"] if "报到" in d["name"]]
    reported = get(client, f"/api/petitions/{world.P2}")["whistles"][0]["departments"]
    assert not any(d["ended"] for d in reported)  # reported, or late by the processors


def test_the_map_counts_what_the_viewer_sees_up_to_street_and_district(client, built):
    areas = {a["code"]: a for a in get(client, "/api/map")["areas"]}
    assert (areas["zd.cz.cg"]["petitions"], areas["zd.cz.cg"]["open"]) == (3, 2)
    assert areas["zd.cz"]["petitions"] == 4
    assert areas["zd"]["petitions"] == 7
    assert areas["zd.cz.xh"]["overdue"] == 1  # P2, its report deadline missed
    shapes = get(client, "/api/map/shapes")["features"]
    assert {f["id"] for f in shapes} == set(areas)
    street = bearer(token_for(built, Role.STREET, "zd.ms"))
    theirs = {a["code"]: a for a in client.get("/api/map", headers=street).json()["areas"]}
    assert theirs["zd.ms"]["petitions"] == 2
    assert theirs["zd.cz"]["petitions"] == theirs["zd.cz.cg"]["open"] == 0


@pytest.mark.parametrize(
    "path",
    [
        "/api/overview",
        "/api/map",
        "/api/whistles",
        "/api/petitions?members=true&limit=500",
        f"/api/petitions/{world.P7}",
        f"/api/petitions/{world.P2}",
        "/",
        "/map",
        "/screen",
        f"/petitions/{world.P7}",
    ],
)
def test_nothing_personal_is_served(client, path):
    body = client.get(path).text
    for secret in (world.SECRET_NAME, world.SECRET_PHONE, world.PHONE_IN_TEXT):
        assert secret not in body, (path, secret)
