"""The dedupe window: a closed petition's id is kept for ``JIESU_DEDUPE_WINDOW_DAYS`` of event
time, so the stream worker's memory follows the open petitions, not the log's length."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from jiesu.domain import events as ev
from jiesu.domain.linking import LinkIndex
from jiesu.settings import Settings
from streams.linking.fold import LinkFold
from streams.petitions.fold import PartitionFold
from tests.unit.policy_support import START, action, hours, make_policy, petition
from tests.unit.test_callback_window import COMPOUND, tick

WINDOW = timedelta(days=10)


def closed_log() -> list[ev.Event]:
    """The test petition resolved on day 0 and closed as unreachable on day 3."""
    return [
        petition(),
        action(ev.PetitionAccepted, 1, START + hours(1), unit=COMPOUND),
        action(ev.PetitionResolved, 2, START + hours(2), unit=COMPOUND, result="已清运"),
        tick(START + timedelta(days=4)),
    ]


def fold_live(fold: PartitionFold, events: list[ev.Event], log: list[ev.Event]) -> list[ev.Event]:
    made: list[ev.Event] = []
    for event in events:
        log.append(event)
        outputs = fold.feed(event, len(log) - 1)
        log.extend(outputs)
        made += outputs
    return made


def test_the_window_is_thirty_days_unless_configured() -> None:
    assert Settings().dedupe_window == timedelta(days=30)
    assert Settings(dedupe_window_days=7).dedupe_window == timedelta(days=7)


def test_a_duplicate_reception_inside_the_window_is_recognised() -> None:
    fold, log = PartitionFold(make_policy(), 0, WINDOW), list[ev.Event]()
    fold_live(fold, closed_log(), log)
    assert petition().petition_id in fold.closed
    later = fold_live(fold, [tick(START + timedelta(days=12)), petition()], log)
    assert later == []
    assert fold.records == {}


def test_past_the_window_the_id_is_forgotten_and_a_duplicate_opens_the_petition_again() -> None:
    fold, log = PartitionFold(make_policy(), 0, WINDOW), list[ev.Event]()
    fold_live(fold, closed_log(), log)
    fold_live(fold, [tick(START + timedelta(days=15))], log)
    assert fold.closed == {}
    assert fold.seen == {}
    # What the README says: only a reception the intake's ledger never recorded (a crash
    # between the broker's acknowledgment and the ledger write) can come back this late.
    again = fold_live(fold, [petition()], log)
    assert petition().petition_id in fold.records
    assert any(isinstance(e, ev.PetitionClassified) for e in again)


def test_events_for_a_forgotten_petition_leave_nothing_behind() -> None:
    fold, log = PartitionFold(make_policy(), 0, WINDOW), list[ev.Event]()
    fold_live(fold, closed_log(), log)
    fold_live(fold, [tick(START + timedelta(days=15))], log)
    late = action(ev.PetitionAccepted, 9, START + timedelta(days=15), unit=COMPOUND)
    fold_live(fold, [late], log)
    assert fold.seen == {}
    assert fold.records == {}


def test_a_rebuild_forgets_exactly_what_the_live_fold_forgot() -> None:
    live, log = PartitionFold(make_policy(), 0, WINDOW), list[ev.Event]()
    fold_live(live, closed_log(), log)
    fold_live(live, [tick(START + timedelta(days=13, hours=h)) for h in range(3)], log)
    for window in (WINDOW, timedelta(days=10, hours=1)):
        rebuilt = PartitionFold(make_policy(), 0, window)
        for offset, event in enumerate(log):
            rebuilt.feed(event, offset)
        assert (rebuilt.closed, rebuilt.records) == (live.closed, live.records), window
        assert rebuilt.pending() == []


def test_closed_ids_stay_bounded_however_long_the_log() -> None:
    fold, log = PartitionFold(make_policy(), 0, WINDOW), list[ev.Event]()
    sizes = []
    for day in range(0, 60, 5):
        start = START + timedelta(days=day)
        ref = f"CALL-{day}"
        events = [replace(e, event_time=e.event_time + timedelta(days=day)) for e in closed_log()]
        events = [renamed(e, ref) for e in events]
        fold_live(fold, events, log)
        sizes.append(len(fold.closed))
        assert all(at >= fold.now - WINDOW for at in fold.closed.values()), start  # type: ignore[operator]
    assert max(sizes) <= 3


def renamed(event: ev.Event, ref: str) -> ev.Event:
    """``event`` about another petition (``ref``), with ids of its own."""
    if isinstance(event, ev.ClockTicked):
        return replace(event, event_id=f"{event.event_id}-{ref}")
    return replace(event, petition_id=f"p-{ref}", event_id=f"{event.event_id}-{ref}")


def test_the_linker_forgets_ids_behind_the_window_and_skips_stale_receptions() -> None:
    fold = LinkFold(LinkIndex(), 1, WINDOW)
    first = petition()
    fold.feed(0, first, 0)
    fold.feed(0, tick(START + timedelta(days=1)), 1)
    assert first.event_id in fold.seen
    fold.feed(0, tick(START + timedelta(days=12)), 2)
    assert fold.seen == set()
    assert fold.feed(0, first, 3) == []
    assert fold.seen == set()
    assert fold._held == []
