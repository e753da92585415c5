"""The simulated handlers: they act on the processors' decisions, mostly in time."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from jiesu.config.city import load_city
from jiesu.domain.events import (
    DepartmentReported,
    Event,
    FeedbackRecorded,
    HandlingLevel,
    PetitionAccepted,
    PetitionClassified,
    PetitionEscalated,
    PetitionReceived,
    PetitionReopened,
    PetitionResolved,
    PetitionReturned,
    PetitionRouted,
    Satisfaction,
    SlaTier,
    WhistleBlown,
)
from jiesu.domain.ids import derived_id
from producers.simulator.core import Simulation
from producers.simulator.handlers import HandlerSide
from producers.simulator.petitions import plan_petitions
from producers.simulator.traffic import SimulationConfig

CONFIG = SimulationConfig(seed=5, petitions=3000, days=7)


def decided(cause: Event, kind: type[Event], n: int, **fields: Any) -> Event:
    """A processor's decision following ``cause`` (what the router would emit)."""
    moment = cause.event_time + timedelta(seconds=n)
    return kind(
        event_id=derived_id("test-decision", cause.event_id, kind.__name__, str(n)),
        petition_id=cause.petition_id,
        event_time=moment,
        recorded_time=moment,
        actor="processor:test",
        correlation_id=cause.petition_id,
        causation_id=cause.event_id,
        **fields,
    )


def routed(received: PetitionReceived, n: int = 2, unit: str | None = None) -> PetitionRouted:
    unit = unit or f"grid:{received.location.grid}"
    event = decided(
        received,
        PetitionRouted,
        n,
        unit=unit,
        level=HandlingLevel.GRID,
        rule="test",
        response_deadline=received.event_time + timedelta(hours=2),
        resolution_deadline=received.event_time + timedelta(hours=24),
    )
    assert isinstance(event, PetitionRouted)
    return event


def classified(received: PetitionReceived) -> Event:
    return decided(
        received, PetitionClassified, 1, category="sanitation", sla_tier=SlaTier.ORDINARY
    )


@lru_cache(maxsize=1)
def _planned() -> tuple[PetitionReceived, ...]:
    return tuple(plan_petitions(load_city(), CONFIG))


def receptions(count: int = 3000) -> list[PetitionReceived]:
    return list(_planned()[:count])


def work_on(side: HandlerSide, received: PetitionReceived) -> list[Event]:
    side.observe(received)
    side.observe(classified(received))
    return side.observe(routed(received))


def test_a_routed_petition_is_signed_for_and_resolved_by_the_unit_it_was_routed_to() -> None:
    side = HandlerSide(seed=5)
    answers = [work_on(side, r) for r in receptions()]
    full = [a for a in answers if len(a) == 2]
    for accepted, resolved in full:
        assert isinstance(accepted, PetitionAccepted)
        assert isinstance(resolved, PetitionResolved)
        assert accepted.unit == resolved.unit
        assert accepted.unit.startswith("grid:")
        assert accepted.event_time < resolved.event_time
        assert accepted.actor == f"unit:{accepted.unit}"
    returned = [a[0] for a in answers if len(a) == 1]
    assert all(isinstance(r, PetitionReturned) and r.reason for r in returned)
    assert 0.02 < len(returned) / len(answers) < 0.07


def test_most_petitions_are_resolved_in_time_and_some_late() -> None:
    side = HandlerSide(seed=5)
    late = total = 0
    for received in receptions():
        answer = work_on(side, received)
        if len(answer) == 2:
            total += 1
            late += answer[1].event_time > received.event_time + timedelta(hours=24)
    assert 0.03 < late / total < 0.12


def resolve_and_call_back(side: HandlerSide, received: PetitionReceived) -> list[FeedbackRecorded]:
    answer = work_on(side, received)
    if len(answer) != 2:
        return []
    side.observe(answer[0])
    feedback = side.observe(answer[1])
    assert all(isinstance(f, FeedbackRecorded) for f in feedback)
    return [f for f in feedback if isinstance(f, FeedbackRecorded)]


def test_call_backs_find_98_to_99_9_percent_satisfied() -> None:
    side = HandlerSide(seed=5)
    scores = Counter(f.satisfaction for r in receptions() for f in resolve_and_call_back(side, r))
    content = scores[Satisfaction.SATISFIED] + scores[Satisfaction.BASICALLY_SATISFIED]
    assert 0.98 <= content / scores.total() <= 0.999
    assert scores[Satisfaction.UNSATISFIED] > 0


def test_a_reopened_petition_is_worked_on_again_and_called_back_again() -> None:
    side = HandlerSide(seed=5)
    received = next(r for r in receptions() if resolve_and_call_back(HandlerSide(seed=5), r))
    (feedback,) = resolve_and_call_back(side, received)
    reopened = decided(feedback, PetitionReopened, 1, reason="回访不满意", reopen_count=1)
    assert side.observe(reopened) == []
    again = side.observe(routed(received, n=999, unit=f"community:{received.location.community}"))
    assert [type(a) for a in again] == [PetitionAccepted, PetitionResolved]
    side.observe(again[0])
    (second,) = side.observe(again[1])
    assert isinstance(second, FeedbackRecorded)
    assert second.event_id != feedback.event_id


def test_every_department_named_on_a_whistle_reports() -> None:
    side = HandlerSide(seed=5)
    received = receptions(1)[0]
    work_on(side, received)
    whistle = decided(
        received,
        WhistleBlown,
        5,
        whistle_id="w-1",
        street=f"street:{received.location.street}",
        departments=("landscaping", "urban_management", "emergency"),
        report_by=received.event_time + timedelta(hours=24),
        summary="园林绿化：大树折断",
        reason="test",
    )
    reports = side.observe(whistle)
    assert all(isinstance(r, DepartmentReported) and r.whistle_id == "w-1" for r in reports)
    assert {r.department for r in reports if isinstance(r, DepartmentReported)} == {
        "landscaping", "urban_management", "emergency"
    }  # fmt: skip


def test_the_same_decision_always_gets_the_same_answer() -> None:
    received = receptions(1)[0]
    assert work_on(HandlerSide(seed=5), received) == work_on(HandlerSide(seed=5), received)


def test_actions_for_unknown_petitions_are_ignored() -> None:
    assert HandlerSide(seed=5).observe(routed(receptions(1)[0])) == []


def test_an_escalation_supersedes_the_first_units_pending_work() -> None:
    config = SimulationConfig(seed=5, petitions=5)
    simulation = Simulation(load_city(), config)
    received = simulation.petitions[0]
    first = simulation.observe(
        [received, classified(received), routed(received)], received.event_time
    )
    escalated = decided(
        received,
        PetitionEscalated,
        600,
        from_unit=f"grid:{received.location.grid}",
        from_level=HandlingLevel.GRID,
        to_unit=f"street:{received.location.street}",
        to_level=HandlingLevel.STREET,
        reason="test",
        response_deadline=received.event_time + timedelta(hours=4),
        resolution_deadline=received.event_time + timedelta(days=3),
    )
    assert isinstance(escalated, PetitionEscalated)
    second = simulation.observe([escalated], received.event_time)
    assert second
    assert all(getattr(a, "unit", None) == escalated.to_unit for a in second)
    sent = list(simulation.events_until_quiet())
    sent_ids = {e.event_id for e in sent}
    assert not sent_ids & {a.event_id for a in first}
    assert {a.event_id for a in second} <= sent_ids


def test_answers_are_never_scheduled_before_the_simulators_now() -> None:
    simulation = Simulation(load_city(), SimulationConfig(seed=5, petitions=5))
    received = simulation.petitions[0]
    later: datetime = received.event_time + timedelta(days=1, hours=2)
    answers = simulation.observe([received, classified(received), routed(received)], later)
    ids = {a.event_id for a in answers}
    assert ids
    assert all(a.event_time >= later for a in answers)
    sent = [e for e in simulation.events_until_quiet() if e.event_id in ids]
    assert len(sent) == len(ids)
    assert all(e.event_time >= later for e in sent)
