"""The policy the stream worker runs: receipt, the escalation ladder, warnings and actions."""

from __future__ import annotations

from datetime import timedelta
from typing import TypeVar

import pytest

from jiesu.domain import events as ev
from jiesu.domain.policy import Policy
from jiesu.domain.record import PetitionRecord
from tests.unit.policy_support import (
    START,
    action,
    hours,
    make_policy,
    petition,
    receive,
    run_until,
)

COMPOUND = "compound:zd.cz.cg.c01"
E = TypeVar("E", bound=ev.Event)


@pytest.fixture
def policy() -> Policy:
    return make_policy()


def routed(policy: Policy, **kwargs: object) -> PetitionRecord:
    record = receive(policy, petition(**kwargs)).record  # type: ignore[arg-type]
    assert record is not None
    return record


def of(kind: type[E], events: list[ev.Event]) -> list[E]:
    return [e for e in events if isinstance(e, kind)]


def test_a_received_petition_is_classified_and_routed_to_its_compound(policy: Policy) -> None:
    received = petition()
    decision = receive(policy, received)
    classified, routed_event = decision.events
    assert isinstance(classified, ev.PetitionClassified)
    assert isinstance(routed_event, ev.PetitionRouted)
    assert (routed_event.unit, routed_event.rule) == (COMPOUND, "ordinary-compound")
    assert routed_event.response_deadline == START + hours(2)
    assert routed_event.resolution_deadline == START + hours(24)
    assert classified.causation_id == received.event_id
    assert routed_event.causation_id == classified.event_id
    assert {e.actor for e in decision.events} == {"processor:classifier", "processor:router"}
    assert all(
        e.event_time == START and e.correlation_id == received.correlation_id
        for e in decision.events
    )
    assert decision.record is not None
    assert decision.record.status is ev.Status.ROUTED


def test_the_same_inputs_give_identical_events(policy: Policy) -> None:
    def story(p: Policy) -> list[ev.Event]:
        first = receive(p, petition("THORNY"))
        assert first.record is not None
        _, later = run_until(p, first.record, START + timedelta(days=30))
        return list(first.events) + later

    assert story(policy) == story(make_policy())


def test_an_unanswered_matter_climbs_the_ladder_to_the_district_and_stays(policy: Policy) -> None:
    record, made = run_until(policy, routed(policy), START + timedelta(days=10))
    climbs = of(ev.PetitionEscalated, made)
    assert [(e.from_unit, e.to_unit) for e in climbs] == [
        (COMPOUND, "community:zd.cz.cg"),
        ("community:zd.cz.cg", "street:zd.cz"),
        ("street:zd.cz", "district:zd"),
    ]
    for climb in climbs:
        assert climb.resolution_deadline == climb.event_time + hours(24)
        assert climb.response_deadline == climb.event_time + hours(2)
    breaches = [e for e in of(ev.SlaBreached, made) if e.kind is ev.DeadlineKind.RESOLUTION]
    assert [e.unit for e in breaches][-1] == "district:zd"
    assert len(breaches) == 4
    assert record.level is ev.HandlingLevel.DISTRICT
    assert policy.next_due(record) is None


def test_a_late_sign_for_is_a_breach_but_does_not_escalate(policy: Policy) -> None:
    record = routed(policy)
    decision = policy.on_time(record, START + hours(2))
    assert [type(e) for e in decision.events] == [ev.SlaBreached]
    assert of(ev.SlaBreached, list(decision.events))[0].kind is ev.DeadlineKind.RESPONSE
    assert decision.record is not None
    assert decision.record.unit == COMPOUND


def test_a_warning_comes_at_80_percent_of_the_time(policy: Policy) -> None:
    record = routed(policy, tier="DIFFICULT")
    accepted = policy.on_event(
        record, action(ev.PetitionAccepted, 1, START, unit="community:zd.cz.cg"), START
    )
    assert accepted.record is not None
    warn_at = START + hours(72 * 0.8)  # three ordinary working days from a Monday
    assert policy.next_due(accepted.record) == warn_at
    assert policy.on_time(accepted.record, warn_at - timedelta(minutes=1)).events == ()
    warned = policy.on_time(accepted.record, warn_at)
    assert [(e.kind, e.deadline) for e in of(ev.SlaWarned, list(warned.events))] == [
        (ev.DeadlineKind.RESOLUTION, START + hours(72))
    ]
    assert len(warned.events) == 1
    assert warned.record is not None
    assert policy.next_due(warned.record) == START + hours(72)


def test_a_major_risk_goes_straight_to_the_district(policy: Policy) -> None:
    routed_event = receive(policy, petition("MAJOR_RISK")).events[1]
    assert isinstance(routed_event, ev.PetitionRouted)
    assert (routed_event.unit, routed_event.level) == ("district:zd", ev.HandlingLevel.DISTRICT)
    assert routed_event.resolution_deadline == START + timedelta(days=1)


def test_the_emergency_channel_must_sign_within_half_an_hour(policy: Policy) -> None:
    routed_event = receive(policy, petition(emergency=True)).events[1]
    assert isinstance(routed_event, ev.PetitionRouted)
    assert routed_event.response_deadline == START + timedelta(minutes=30)


def test_a_department_that_misses_its_deadline_hands_over_to_the_street(policy: Policy) -> None:
    record = routed(policy, category="utilities", text="3号楼停水两天了")
    assert record.unit == "dept:water"
    _, made = run_until(policy, record, START + hours(24))
    climb = of(ev.PetitionEscalated, made)[0]
    assert (climb.from_level, climb.to_unit) == (ev.HandlingLevel.DEPARTMENT, "street:zd.cz")
    whistle = of(ev.WhistleBlown, made)[0]
    assert whistle.departments == ("water",)
    assert whistle.causation_id == climb.event_id
