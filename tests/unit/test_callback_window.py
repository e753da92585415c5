"""Call-backs that end (回访): past the window in sla.yaml a resolved petition closes as 无法回访,
counting neither as satisfied nor as unsatisfied, and the stream worker forgets it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from jiesu.domain import events as ev
from jiesu.domain.callback import UNREACHABLE
from jiesu.domain.ids import derived_id
from jiesu.domain.policy import Policy
from jiesu.domain.record import PetitionRecord
from streams.petitions.fold import PartitionFold
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


@pytest.fixture
def policy() -> Policy:
    return make_policy()


def resolved_at(policy: Policy, moment: datetime) -> PetitionRecord:
    """The test petition received at START (a Monday), signed for and resolved at ``moment``."""
    record = receive(policy).record
    for n, event in enumerate(
        (
            action(ev.PetitionAccepted, 1, START + hours(1), unit=COMPOUND),
            action(ev.PetitionResolved, 2, moment, unit=COMPOUND, result="已清运"),
        )
    ):
        decision = policy.on_event(record, event, event.event_time)
        record = decision.record
        assert record is not None, n
    assert record is not None
    return record


def test_nobody_reached_within_three_working_days_closes_the_petition_as_unreachable(
    policy: Policy,
) -> None:
    record = resolved_at(policy, START + hours(2))  # Monday 11:00
    assert policy.next_due(record) == START + hours(2) + timedelta(days=3)  # Thursday 11:00
    record, made = run_until(policy, record, START + timedelta(days=10))
    (closed,) = made
    assert isinstance(closed, ev.PetitionClosed)
    assert closed.unreachable
    assert closed.satisfaction is ev.Satisfaction.UNKNOWN
    assert closed.reason == UNREACHABLE
    assert closed.event_time == START + hours(2) + timedelta(days=3)
    assert record.status is ev.Status.CLOSED
    assert policy.next_due(record) is None


def test_the_window_counts_working_days_over_a_weekend(policy: Policy) -> None:
    friday = START + timedelta(days=4, hours=8)  # Friday 17:00
    record = resolved_at(policy, friday)
    assert policy.next_due(record) == friday + timedelta(days=5)  # Wednesday 17:00


def test_a_score_within_the_window_closes_it_as_satisfied_and_nothing_lapses(
    policy: Policy,
) -> None:
    record = resolved_at(policy, START + hours(2))
    feedback = action(
        ev.FeedbackRecorded, 3, START + timedelta(days=2), satisfaction=ev.Satisfaction.SATISFIED
    )
    decision = policy.on_event(record, feedback, feedback.event_time)
    (closed,) = decision.events
    assert isinstance(closed, ev.PetitionClosed)
    assert not closed.unreachable
    assert decision.record is not None
    assert policy.next_due(decision.record) is None


def test_a_late_score_after_the_unreachable_close_is_refused(policy: Policy) -> None:
    fold = PartitionFold(policy, 0)
    events: list[ev.Event] = [petition()]
    events += [
        action(ev.PetitionAccepted, 1, START + hours(1), unit=COMPOUND),
        action(ev.PetitionResolved, 2, START + hours(2), unit=COMPOUND, result="已清运"),
        tick(START + timedelta(days=4)),
        action(
            ev.FeedbackRecorded,
            3,
            START + timedelta(days=5),
            satisfaction=ev.Satisfaction.SATISFIED,
        ),
    ]
    log: list[ev.Event] = []
    for event in events:
        log.append(event)
        log.extend(fold.feed(event, len(log) - 1))
    closed = [e for e in log if isinstance(e, ev.PetitionClosed)]
    assert [c.unreachable for c in closed] == [True]
    rejected = [e for e in log if isinstance(e, ev.ActionRejected)]
    assert [r.action for r in rejected] == ["FeedbackRecorded"]
    assert fold.records == {}  # forgotten: memory follows the open petitions
    assert petition().petition_id in fold.closed


def tick(moment: datetime) -> ev.ClockTicked:
    return ev.ClockTicked(
        event_id=derived_id("tick", moment.isoformat()),
        petition_id="",
        event_time=moment,
        recorded_time=moment,
        actor="ticker",
        correlation_id="clock",
        source="test",
    )
