"""The stream processor's partition fold: exact recovery is a deterministic fold of the log."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from jiesu.domain import events as ev
from jiesu.domain.ids import derived_id
from streams.petitions.fold import PartitionFold
from tests.unit.policy_support import START, make_policy, petition


def tick(hours: float) -> ev.ClockTicked:
    moment = START + timedelta(hours=hours)
    return ev.ClockTicked(
        event_id=derived_id("tick", str(hours)),
        petition_id="",
        event_time=moment,
        recorded_time=moment,
        actor="ticker",
        correlation_id="clock",
        source="test",
    )


def inputs() -> list[ev.Event]:
    """Two petitions nobody signs for, then time passing: routing, warnings, breaches."""
    other = replace(
        petition(ref="CALL-2", tier="DIFFICULT"), petition_id="p-2", event_id=derived_id("r2")
    )
    return [petition(), other, *(tick(h) for h in (1, 2, 3, 12, 20, 30, 80))]


def live_log(fold: PartitionFold, events: list[ev.Event]) -> list[ev.Event]:
    """Run inputs as a live worker would: each output is appended to the log after its cause."""
    log: list[ev.Event] = []
    for event in events:
        log.append(event)
        log.extend(fold.feed(event, len(log) - 1))
    return log


def test_the_fold_decides_routing_warnings_and_breaches_from_event_time_alone() -> None:
    fold = PartitionFold(make_policy(), 0)
    log = live_log(fold, inputs())
    kinds = {type(e).__name__ for e in log}
    assert {"PetitionClassified", "PetitionRouted", "SlaWarned", "SlaBreached"} <= kinds
    assert "PetitionEscalated" in kinds


def test_refolding_the_log_reaches_the_same_state_and_expects_nothing_more() -> None:
    live = PartitionFold(make_policy(), 0)
    log = live_log(live, inputs())
    rebuilt = PartitionFold(make_policy(), 0)
    for offset, event in enumerate(log):
        rebuilt.feed(event, offset)
    assert rebuilt.records == live.records
    assert rebuilt.now == live.now
    assert rebuilt.pending() == []


def test_outputs_lost_in_a_crash_are_pending_after_the_rebuild() -> None:
    log = live_log(PartitionFold(make_policy(), 0), inputs())
    lost = log.pop()  # the worker died before its last output reached the log
    rebuilt = PartitionFold(make_policy(), 0)
    for offset, event in enumerate(log):
        rebuilt.feed(event, offset)
    assert rebuilt.pending() == [lost]


def test_a_redelivered_offset_and_a_duplicated_event_change_nothing() -> None:
    fold = PartitionFold(make_policy(), 0)
    first = petition()
    decided = fold.feed(first, 0)
    assert decided
    assert fold.feed(first, 0) == []
    assert fold.feed(first, 5) == []
    assert len(fold.records) == 1


def test_the_same_inputs_always_give_byte_identical_decisions() -> None:
    one = live_log(PartitionFold(make_policy(), 0), inputs())
    two = live_log(PartitionFold(make_policy(), 0), inputs())
    assert one == two


def test_a_closed_petition_leaves_only_its_id_behind() -> None:
    from tests.unit.policy_support import action, hours

    fold = PartitionFold(make_policy(), 0)
    log: list[ev.Event] = []

    def feed(event: ev.Event) -> list[ev.Event]:
        log.append(event)
        made = fold.feed(event, len(log) - 1)
        for output in made:
            log.append(output)
            fold.feed(output, len(log) - 1)
        return made

    routed = next(e for e in feed(petition()) if isinstance(e, ev.PetitionRouted))
    unit = routed.unit
    feed(action(ev.PetitionAccepted, 1, START + hours(1), unit=unit))
    feed(action(ev.PetitionResolved, 2, START + hours(2), unit=unit, result="已清运"))
    made = feed(
        action(ev.FeedbackRecorded, 3, START + hours(3), satisfaction=ev.Satisfaction.SATISFIED)
    )
    assert any(isinstance(e, ev.PetitionClosed) for e in made)
    assert fold.records == {}
    assert routed.petition_id not in fold.seen  # not even the ids of the closing outputs
    assert list(fold.closed) == [routed.petition_id]
    late = action(ev.PetitionAccepted, 4, START + hours(4), unit=unit)
    (rejected,) = feed(late)
    assert isinstance(rejected, ev.ActionRejected)
    assert rejected.action_event_id == late.event_id
    assert rejected.reason == "petition already closed"
    assert feed(late) == []


def test_published_outputs_are_kept_as_ids_and_still_recognised_when_they_come_back() -> None:
    fold = PartitionFold(make_policy(), 0)
    decided = fold.feed(petition(), 0)
    assert fold.pending() == decided
    fold.published(decided[:1])
    assert fold.pending() == decided[1:]
    assert set(fold.expected) == {e.event_id for e in decided}
    assert fold.expected[decided[0].event_id] is None
    for offset, output in enumerate(decided, start=1):
        assert fold.feed(output, offset) == []
    assert fold.expected == {}
    assert fold.pending() == []
