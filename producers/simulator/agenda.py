"""Simulated time: the clock's ticks and the agenda of events waiting for their moment."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from jiesu.domain.events import (
    ClockTicked,
    Event,
    PetitionAccepted,
    PetitionResolved,
    PetitionReturned,
)
from jiesu.domain.ids import derived_id

SOURCE = "simulator"
_WORK = (PetitionAccepted, PetitionReturned, PetitionResolved)


def clock_ticks(start: datetime, horizon: datetime, minutes: int) -> list[ClockTicked]:
    """A tick every ``minutes`` of simulated time from ``start`` to ``horizon`` inclusive."""
    step, ticks, moment = timedelta(minutes=minutes), [], start
    while moment <= horizon:
        event_id = derived_id("tick", SOURCE, moment.isoformat())
        ticks.append(
            ClockTicked(
                event_id=event_id,
                petition_id="",
                event_time=moment,
                recorded_time=moment,
                actor=SOURCE,
                correlation_id=event_id,
                source=SOURCE,
            )
        )
        moment += step
    return ticks


class Agenda:
    """Events ordered by simulated time (ties: the order they were added).

    A new assignment of a petition supersedes the work still pending for it, since the
    previous unit no longer holds the petition.
    """

    def __init__(self, horizon: datetime) -> None:
        self.horizon = horizon
        self._heap: list[tuple[datetime, int, Event]] = []
        self._added = 0
        self._generation: dict[str, int] = {}
        self._born: dict[str, int] = {}
        self.dropped = 0

    def __len__(self) -> int:
        return len(self._heap)

    def add(self, events: Iterable[Event], not_before: datetime | None = None) -> list[Event]:
        """Schedule events; those due before ``not_before`` move to it, past the horizon drop.

        Returns the events as scheduled."""
        scheduled: list[Event] = []
        for event in events:
            if not_before is not None and event.event_time < not_before:
                event = replace(event, event_time=not_before, recorded_time=not_before)
            if event.event_time > self.horizon:
                self.dropped += 1
                continue
            if isinstance(event, _WORK):
                self._born[event.event_id] = self._generation.get(event.petition_id, 0)
            heapq.heappush(self._heap, (event.event_time, self._added, event))
            self._added += 1
            scheduled.append(event)
        return scheduled

    def supersede(self, petition_id: str) -> None:
        """Cancel the pending work (sign-for, return, resolve) of ``petition_id``."""
        self._generation[petition_id] = self._generation.get(petition_id, 0) + 1

    def next_time(self) -> datetime | None:
        return self._heap[0][0] if self._heap else None

    def pop_due(self, now: datetime, limit: int) -> list[Event]:
        """Up to ``limit`` live events due at or before ``now``, in time order."""
        due: list[Event] = []
        while self._heap and self._heap[0][0] <= now and len(due) < limit:
            event = heapq.heappop(self._heap)[2]
            if self._is_live(event):
                due.append(event)
        return due

    def _is_live(self, event: Event) -> bool:
        born = self._born.pop(event.event_id, None)
        return born is None or born == self._generation.get(event.petition_id, 0)
