"""Handlers' actions through the policy: refusals, returns, call-backs, replayed decisions."""

from __future__ import annotations

import pytest

from jiesu.domain import events as ev
from jiesu.domain.policy import Policy
from jiesu.domain.record import PetitionRecord
from tests.factories import envelope
from tests.unit.policy_support import START, action, hours, make_policy, petition, receive

COMPOUND = "compound:zd.cz.cg.c01"
COMMUNITY = "community:zd.cz.cg"


@pytest.fixture
def policy() -> Policy:
    return make_policy()


def step(
    policy: Policy, record: PetitionRecord, event: ev.Event
) -> tuple[PetitionRecord, tuple[ev.Event, ...]]:
    decision = policy.on_event(record, event, event.event_time)
    assert decision.record is not None
    return decision.record, decision.events


def resolved(policy: Policy, record: PetitionRecord, unit: str, n: int) -> PetitionRecord:
    record, _ = step(policy, record, action(ev.PetitionAccepted, n, START + hours(n), unit=unit))
    record, _ = step(
        policy,
        record,
        action(ev.PetitionResolved, n + 1, START + hours(n + 1), unit=unit, result="已处理"),
    )
    return record


def test_a_refused_action_is_rejected_and_changes_nothing(policy: Policy) -> None:
    record = receive(policy).record
    assert record is not None
    wrong = action(ev.PetitionAccepted, 1, START + hours(1), unit="compound:zd.cz.cg.c09")
    decision = policy.on_event(record, wrong, START + hours(1))
    assert decision.record is record
    (rejected,) = decision.events
    assert isinstance(rejected, ev.ActionRejected)
    assert (rejected.action_event_id, rejected.action, rejected.status) == (
        wrong.event_id,
        "PetitionAccepted",
        ev.Status.ROUTED,
    )
    assert "not compound:zd.cz.cg.c09" in rejected.reason
    assert rejected.causation_id == wrong.event_id


def test_an_action_on_an_unknown_petition_is_rejected(policy: Policy) -> None:
    decision = policy.on_event(
        None, action(ev.PetitionResolved, 1, START, unit=COMPOUND, result="x"), START
    )
    assert decision.record is None
    assert [e.reason for e in decision.events] == ["unknown petition"]  # type: ignore[attr-defined]


def test_an_unsatisfied_call_back_reopens_the_petition_one_level_higher(policy: Policy) -> None:
    record = resolved(policy, receive(policy).record, COMPOUND, 1)  # type: ignore[arg-type]
    record, made = step(
        policy,
        record,
        action(ev.FeedbackRecorded, 3, START + hours(3), satisfaction=ev.Satisfaction.UNSATISFIED),
    )
    reopened, routed = made
    assert isinstance(reopened, ev.PetitionReopened)
    assert reopened.reopen_count == 1
    assert isinstance(routed, ev.PetitionRouted)
    assert (routed.unit, routed.rule, routed.causation_id) == (
        COMMUNITY,
        "reopen-up",
        reopened.event_id,
    )
    assert record.status is ev.Status.ROUTED
    assert record.state.reopen_count == 1
    record = resolved(policy, record, COMMUNITY, 4)
    record, made = step(
        policy,
        record,
        action(
            ev.FeedbackRecorded,
            6,
            START + hours(6),
            satisfaction=ev.Satisfaction.BASICALLY_SATISFIED,
        ),
    )
    assert [type(e) for e in made] == [ev.PetitionClosed]
    assert record.status is ev.Status.CLOSED
    assert policy.next_due(record) is None


def test_a_returned_petition_goes_one_level_up(policy: Policy) -> None:
    record = receive(policy).record
    returned = action(
        ev.PetitionReturned, 1, START + hours(1), unit=COMPOUND, reason="小区物业无法处理"
    )
    record, made = step(policy, record, returned)  # type: ignore[arg-type]
    assert [(e.unit, e.rule) for e in made] == [(COMMUNITY, "return-up")]  # type: ignore[attr-defined]
    assert made[0].response_deadline == START + hours(3)  # type: ignore[attr-defined]


def test_a_return_as_not_our_jurisdiction_goes_to_the_department_the_rules_name(
    policy: Policy,
) -> None:
    record = receive(
        policy, petition("MAJOR_RISK", category="utilities", text="整栋楼停水三天")
    ).record
    returned = action(
        ev.PetitionReturned,
        1,
        START + hours(1),
        unit="district:zd",
        reason="不属于区级管辖，应由供水部门处理",
    )
    record, made = step(policy, record, returned)  # type: ignore[arg-type]
    assert [(e.unit, e.rule) for e in made] == [("dept:water", "return-named-department")]  # type: ignore[attr-defined]
    assert made[0].reason == "退单：不属于区级管辖，应由供水部门处理"  # type: ignore[attr-defined]


def test_decisions_read_back_from_the_log_change_nothing(policy: Policy) -> None:
    decision = receive(policy, petition("THORNY"))
    record = decision.record
    assert record is not None
    assert [type(e) for e in decision.events] == [
        ev.PetitionClassified,
        ev.PetitionRouted,
        ev.WhistleBlown,
    ]
    for event in decision.events:
        echoed = policy.on_event(record, event, START + hours(1))
        assert (echoed.record, echoed.events) == (record, ())


def test_a_warning_written_by_an_older_run_is_not_given_again(policy: Policy) -> None:
    record = receive(policy).record
    assert record is not None
    warned = policy.on_time(record, START + hours(1.6))
    assert [type(e) for e in warned.events] == [ev.SlaWarned]
    folded = policy.on_event(record, warned.events[0], START + hours(1.6))
    assert (folded.record, folded.events) == (warned.record, ())
    assert folded.record is not None
    assert policy.on_time(folded.record, START + hours(1.7)).events == ()


def test_a_clock_tick_decides_nothing_by_itself(policy: Policy) -> None:
    record = receive(policy).record
    tick = ev.ClockTicked(**envelope(50, "", "ticker"), source="ticker")
    decision = policy.on_event(record, tick, START + hours(30))
    assert (decision.record, decision.events) == (record, ())


def test_an_echoed_assignment_does_not_restart_clocks_already_warned(policy: Policy) -> None:
    decision = receive(policy, petition("THORNY"))
    assert decision.record is not None
    warned = policy.on_time(decision.record, START + hours(3.2))
    assert warned.record is not None
    assert warned.events
    for event in decision.events:
        echoed = policy.on_event(warned.record, event, START + hours(4))
        assert (echoed.record, echoed.events) == (warned.record, ())
