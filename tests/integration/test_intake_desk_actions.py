"""The dispatch desk reclassifies and a community blows the whistle by hand, through the
intake: checked against the configuration and the read model, published when allowed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jiesu.domain.events import PetitionReclassified, SlaTier, WhistleRequested
from jiesu.settings import Settings
from producers.credentials import Credentials, Handler, digest
from projections.models import Base
from tests.integration.test_intake_actions import bearer, petition
from tests.integration.test_intake_support import Harness

COMMUNITY = "community:zd.cz.cg"


@pytest.fixture
def desk(unique_topics: Settings) -> Iterator[Harness]:
    handlers = {
        digest("dispatch"): Handler("dispatch", frozenset({"dispatch"})),
        digest("cg"): Handler("春光山色社区", frozenset({COMMUNITY})),
        digest("any"): Handler("区诉求办", frozenset({"*"})),
    }
    settings = unique_topics.model_copy(update={"action_wait_ms": 10})  # no processor here
    made = Harness(settings, credentials=Credentials(handlers=handlers))
    Base.metadata.create_all(made.engine)
    yield made
    made.close()


def at_cg(harness: Harness, status: str = "ROUTED", **columns: object) -> str:
    return petition(harness, status, compound="zd.cz.cg.c01", community="zd.cz.cg", **columns)


def test_the_dispatch_desk_reclassifies_a_petition(desk: Harness) -> None:
    pid = at_cg(desk)
    body = {"category": "property", "sla_tier": "DIFFICULT", "reason": "摊位在小区大门内"}

    answer = desk.client.post(f"/petitions/{pid}/reclassify", json=body, headers=bearer("dispatch"))

    assert answer.status_code == 202, answer.text
    (event,) = desk.commands()
    assert isinstance(event, PetitionReclassified)
    assert (event.category, event.sla_tier, event.emergency, event.reason) == (
        "property",
        SlaTier.DIFFICULT,
        None,
        "摊位在小区大门内",
    )
    assert event.actor == "unit:dispatch"


def test_an_unknown_category_or_a_closed_petition_is_refused(desk: Harness) -> None:
    pid = at_cg(desk)
    unknown = desk.client.post(f"/petitions/{pid}/reclassify",
                               json={"category": "weather", "reason": "x"},
                               headers=bearer("dispatch"))  # fmt: skip
    closed = desk.client.post(f"/petitions/{at_cg(desk, 'CLOSED')}/reclassify",
                              json={"category": "property", "reason": "x"},
                              headers=bearer("dispatch"))  # fmt: skip
    community = desk.client.post(f"/petitions/{pid}/reclassify",
                                 json={"category": "property", "reason": "x"},
                                 headers=bearer("cg"))  # fmt: skip

    assert (unknown.status_code, unknown.json()["errors"][0]["field"]) == (422, "category")
    assert closed.status_code == 409
    assert community.status_code == 403
    assert desk.commands() == []


def test_a_community_blows_the_whistle_by_hand(desk: Harness) -> None:
    pid = at_cg(desk, unit=COMMUNITY, level="COMMUNITY")
    body = {"unit": COMMUNITY, "departments": ["urban_management", "landscaping",
            "urban_management"], "reason": "占绿种地，请街道安排城管强制恢复绿植"}  # fmt: skip

    answer = desk.client.post(f"/petitions/{pid}/whistle", json=body, headers=bearer("cg"))

    assert answer.status_code == 202, answer.text
    (event,) = desk.commands()
    assert isinstance(event, WhistleRequested)
    assert (event.unit, event.departments, event.actor) == (
        COMMUNITY,
        ("urban_management", "landscaping"),
        f"unit:{COMMUNITY}",
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"unit": COMMUNITY, "departments": ["weather_bureau"], "reason": "x"}, "departments"),
        ({"unit": COMMUNITY, "departments": [], "reason": "x"}, "departments"),
        ({"unit": "compound:zd.cz.cg.c01", "departments": ["water"], "reason": "x"}, "unit"),
        ({"unit": "community:zd.cz.xh", "departments": ["water"], "reason": "x"}, "unit"),
        ({"unit": COMMUNITY, "departments": ["water"], "reason": " "}, "reason"),
    ],
)
def test_a_whistle_needs_known_departments_and_the_petitions_own_community(
    desk: Harness, body: dict[str, object], field: str
) -> None:
    pid = at_cg(desk)
    answer = desk.client.post(f"/petitions/{pid}/whistle", json=body, headers=bearer("any"))

    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == field
    assert desk.commands() == []


def test_only_a_handler_of_the_blowing_unit_may_blow_its_whistle(desk: Harness) -> None:
    pid = at_cg(desk)
    body = {"unit": COMMUNITY, "departments": ["water"], "reason": "停水"}

    answer = desk.client.post(f"/petitions/{pid}/whistle", json=body, headers=bearer("dispatch"))

    assert answer.status_code == 403


def test_a_group_members_whistle_is_refused_the_lead_is_whistled(desk: Harness) -> None:
    pid = at_cg(desk, lead_petition_id="someone-else", group_id="g")
    body = {"unit": COMMUNITY, "departments": ["water"], "reason": "停水"}

    answer = desk.client.post(f"/petitions/{pid}/whistle", json=body, headers=bearer("cg"))

    assert answer.status_code == 409
    assert "follows group case lead someone-else" in answer.json()["message_en"]
