"""A worker restarted after the operator added the State Council's notice rebuilds its
partitions by deciding every petition again with the new calendar; the deadlines already on
the log are the facts handlers work to, so its running clocks follow the log, not the new
decision, and it breaches them when the log says (named as the live worker named them)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from jiesu.domain import events as ev
from jiesu.domain.events import DeadlineKind
from jiesu.domain.ids import derived_id
from jiesu.domain.policy import Policy
from streams.petitions.fold import PartitionFold
from tests.calendar_support import calendar_as_of_2026, local, write_2027
from tests.unit.policy_support import make_policy, petition


def policy_on(holidays: Path | None) -> Policy:
    return Policy(replace(make_policy().config, calendar=calendar_as_of_2026(holidays)))


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


def live(policy: Policy, events: list[ev.Event]) -> list[ev.Event]:
    fold, log = PartitionFold(policy, 0), []
    for event in events:
        log.append(event)
        log.extend(fold.feed(event, len(log) - 1))
    return log


def test_the_rebuilt_clocks_follow_the_deadline_on_the_log(tmp_path: Path) -> None:
    received = replace(petition("THORNY"), event_time=local(2027, 2, 3, 9))
    log = live(policy_on(None), [received])  # decided while 2027 was law-only
    (routed,) = [e for e in log if isinstance(e, ev.PetitionRouted)]
    assert (routed.resolution_deadline, routed.provisional) == (local(2027, 2, 16, 9), True)
    rebuilt = PartitionFold(policy_on(write_2027(tmp_path)), 0)  # the notice says 19 February
    for offset, event in enumerate(log):
        rebuilt.feed(event, offset)
    record = rebuilt.records[received.petition_id]
    clock = record.clock(DeadlineKind.RESOLUTION)
    assert clock is not None
    assert clock.due == routed.resolution_deadline
    outputs = rebuilt.feed(tick(local(2027, 2, 16, 10)), len(log))
    breaches = [
        e for e in outputs if isinstance(e, ev.SlaBreached) and e.kind is DeadlineKind.RESOLUTION
    ]
    assert [b.deadline for b in breaches] == [routed.resolution_deadline]
    same_run = live(policy_on(None), [received, tick(local(2027, 2, 16, 10))])
    assert {b.event_id for b in breaches} <= {e.event_id for e in same_run}
