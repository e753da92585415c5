"""Golden routing: realistic petitions through the pure policy with the shipped taxonomy,
rules, department catalogue and city model; every one lands where a dispatcher expects."""

from __future__ import annotations

from datetime import datetime

import pytest

from jiesu.config.city import load_city
from jiesu.config.policy import load_policy
from jiesu.domain import events as ev
from jiesu.domain.ids import derived_id, petition_id_for
from jiesu.domain.policy import Decision, Policy
from jiesu.domain.workcalendar import CHINA
from jiesu.settings import Settings
from tests.golden.cases import CITY, SEEDS, Case

MONDAY_MORNING = datetime(2026, 9, 7, 9, 30, tzinfo=CHINA)
CITY_MODEL = load_city()


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(Settings())


def received(case: Case, at: datetime = MONDAY_MORNING) -> ev.PetitionReceived:
    pid = petition_id_for("HOTLINE", case.text)
    return ev.PetitionReceived(
        event_id=derived_id("received", pid),
        petition_id=pid,
        event_time=at,
        recorded_time=at,
        actor="channel:hotline",
        correlation_id=pid,
        channel=ev.Channel.HOTLINE,
        channel_ref=case.text[:20],
        text=case.text,
        location=CITY_MODEL.location(case.compound),
    )


def routed_of(decision: Decision) -> ev.PetitionRouted:
    found = [e for e in decision.events if isinstance(e, ev.PetitionRouted)]
    assert len(found) == 1
    return found[0]


def test_the_golden_set_holds_the_seeds_and_sixty_more_across_every_department() -> None:
    departments = {c.unit.removeprefix("dept:") for c in CITY if c.unit.startswith("dept:")}
    assert len(CITY) >= 60
    assert departments >= {
        "human_resources", "urban_management", "market_regulation", "eco_environment",
        "housing", "education", "health", "civil_affairs", "police", "traffic_police",
        "transport", "sanitation", "landscaping", "water", "power", "heating", "gas",
        "emergency",
    }  # fmt: skip


@pytest.mark.parametrize("case", SEEDS + CITY, ids=lambda c: c.text[:18])
def test_a_petition_goes_to_the_unit_a_dispatcher_expects(policy: Policy, case: Case) -> None:
    routed = routed_of(policy.on_event(None, received(case), MONDAY_MORNING))

    assert (routed.unit, routed.co_handler) == (case.unit, case.co_handler)
    assert routed.resolution_deadline > MONDAY_MORNING
    assert routed.target
