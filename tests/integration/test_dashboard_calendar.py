"""The dashboard's calendar and rate views on read models the real projector built: the
provisional-deadline banner, a petition's provisional and first deadlines, on-time against
the first deadline beside the breaches, and call-backs that ended as 无法回访."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from jiesu.domain import events as ev
from projections.web.app import create_app
from tests.access_support import city_headers
from tests.integration import test_dashboard_support as world

T0 = datetime(2026, 12, 30, 2, 0, tzinfo=UTC)  # Wednesday 10:00 in Beijing
H = timedelta(hours=1)
UNIT, STREET = "compound:zd.cz.cg.c01", "street:zd.cz"
PA, PB, PC, PD = (world.pid(f"CAL-{n}") for n in "ABCD")
DUE_2027 = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)  # Tuesday 5 January, 10:00 in Beijing


def opened(p: str, provisional: bool) -> list[ev.Event]:
    """Received, classified difficult, routed with a 3-working-day deadline."""
    return [
        world.received(p, ev.Channel.HOTLINE, "zd.cz.cg.c01", T0, "楼道灯坏了很久没人修"),
        ev.PetitionClassified(
            **world.env(p, 1, T0 + H / 60), category="property", sla_tier=ev.SlaTier.DIFFICULT
        ),
        ev.PetitionRouted(
            **world.env(p, 2, T0 + H / 30),
            unit=UNIT,
            level=ev.HandlingLevel.COMPOUND,
            rule="test",
            response_deadline=T0 + 2 * H,
            resolution_deadline=DUE_2027 if provisional else T0 + 24 * H,
            provisional=provisional,
        ),
        ev.PetitionAccepted(**world.env(p, 3, T0 + H, f"unit:{UNIT}"), unit=UNIT),
    ]


def resolved(p: str, n: int, at: datetime, unit: str = UNIT) -> ev.Event:
    return ev.PetitionResolved(**world.env(p, n, at, f"unit:{unit}"), unit=unit, result="已修好")


def escalated_late(p: str) -> list[ev.Event]:
    """First deadline T0+24h breached, escalated to the street with 48 h, resolved in those."""
    first = T0 + 24 * H
    return [
        ev.SlaBreached(
            **world.env(p, 4, first),
            kind=ev.DeadlineKind.RESOLUTION,
            deadline=first,
            unit=UNIT,
            level=ev.HandlingLevel.COMPOUND,
        ),
        ev.PetitionEscalated(
            **world.env(p, 5, first),
            from_unit=UNIT,
            from_level=ev.HandlingLevel.COMPOUND,
            to_unit=STREET,
            to_level=ev.HandlingLevel.STREET,
            reason="resolution deadline breached",
            response_deadline=first + 2 * H,
            resolution_deadline=first + 48 * H,
        ),
        ev.PetitionAccepted(**world.env(p, 6, first + H, f"unit:{STREET}"), unit=STREET),
        resolved(p, 7, first + 10 * H, STREET),
    ]


def scenario() -> list[ev.Event]:
    unreachable = ev.PetitionClosed(
        **world.env(PD, 5, T0 + 80 * H),
        satisfaction=ev.Satisfaction.UNKNOWN,
        reason="无法回访",
        unreachable=True,
    )
    return [
        *opened(PA, provisional=True),
        *opened(PB, provisional=True),
        resolved(PB, 4, T0 + 5 * H),
        *opened(PC, provisional=False),
        *escalated_late(PC),
        *opened(PD, provisional=False),
        resolved(PD, 4, T0 + 5 * H),
        unreachable,
    ]


@pytest.fixture(scope="module")
def client(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('read') / 'read.db'}"
    settings = world.projected_once(kafka_bootstrap, url, tmp_path_factory, scenario())
    with TestClient(create_app(settings), headers=city_headers(settings)) as test_client:
        yield test_client


get = world.get_json


def test_the_banner_counts_open_petitions_with_a_provisional_deadline(client: TestClient) -> None:
    banner = get(client, "/api/provisional")
    assert (banner["open"], banner["years"]) == (1, [2027])  # PB is resolved: no longer running
    assert "放假调休" in banner["definition"]


def test_the_petition_page_says_which_deadline_is_provisional(client: TestClient) -> None:
    found = get(client, f"/api/petitions/{PA}")
    shown = found["petition"]
    assert shown["provisional"] is True
    assert shown["resolution_deadline"] == DUE_2027.isoformat()
    routed = next(e for e in found["timeline"] if e["event_type"] == "PetitionRouted")
    assert routed["detail"].endswith("办结时限 2027年1月5日 10:00（暂定）")
    listed = {p["petition_id"]: p for p in get(client, "/api/petitions")["items"]}
    assert listed[PA]["provisional"] is True
    assert listed[PC]["provisional"] is False


def test_on_time_is_judged_against_the_first_deadline_and_breaches_stay_visible(
    client: TestClient,
) -> None:
    late = get(client, f"/api/petitions/{PC}")["petition"]
    assert late["first_resolution_deadline"] == (T0 + 24 * H).isoformat()
    assert late["resolution_deadline"] == (T0 + 72 * H).isoformat()
    assert late["on_time"] is False  # met the street's deadline, not the first one
    sla = get(client, "/api/overview")["sla"]
    compliance = sla["compliance"]
    assert (compliance["numerator"], compliance["denominator"]) == (2, 3)  # PB, PD of PB, PC, PD
    assert (sla["met"], sla["late"], sla["breached"]) == (2, 1, 1)
    assert "首次" in compliance["definition"]


def test_an_unreachable_call_back_counts_neither_as_satisfied_nor_unsatisfied(
    client: TestClient,
) -> None:
    overview = get(client, "/api/overview")
    assert overview["callbacks"]["unreachable"] == 1
    assert overview["rates"]["satisfaction_rate"]["denominator"] == 0
    assert overview["rates"]["resolution_rate"]["numerator"] == 3  # PB, PC resolved; PD closed
    found = get(client, f"/api/petitions/{PD}")
    assert (found["petition"]["status"], found["petition"]["unreachable"]) == ("CLOSED", True)
    assert found["timeline"][-1]["detail"].startswith("无法回访")
