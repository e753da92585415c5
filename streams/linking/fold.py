"""The linker's fold: petitions from every partition, taken in event-time order.

Repeat petitions and group cases cross petition partitions, so ``link-feed`` copies each
partition's PetitionReceived, GroupCaseResolved and ClockTicked records into one link-input
log (keyed by the partition they came from). How the partitions interleave there depends on
timing, so the fold does not link in arrival order: it holds petitions back until every
partition has passed their event time (each partition's ticks and petitions move its
watermark), then links them in (event time, event id) order. With each partition in
event-time order, the links are then a function of the petitions alone, however the copies
interleaved. Each link becomes one ``PetitionsLinked`` per linked petition, addressed to
that petition's partition, with an id derived from the link's. A group lead's
``GroupCaseResolved`` is held and released the same way, and becomes one copy per member,
in the member's partition.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol

from jiesu.bus.partitioning import partition_for
from jiesu.domain.events import Event, GroupCaseResolved, PetitionReceived, PetitionsLinked
from jiesu.domain.ids import derived_id
from streams.petitions.contract import DEDUPE_WINDOW

Held = PetitionReceived | GroupCaseResolved


class Linker(Protocol):
    """``jiesu.domain.linking.LinkIndex`` as the fold uses it."""

    def add(self, received: PetitionReceived) -> Sequence[PetitionsLinked]: ...

    def resolve(self, lead: GroupCaseResolved) -> Sequence[GroupCaseResolved]: ...

    def late_resolutions(self) -> Sequence[GroupCaseResolved]: ...


Addressed = tuple[int, PetitionsLinked | GroupCaseResolved]
"""A decided event and the petition-events partition it belongs to."""


class LinkFold:
    """The link index, the held-back petitions and each source partition's watermark."""

    def __init__(
        self, index: Linker, partitions: int, dedupe_window: timedelta = DEDUPE_WINDOW
    ) -> None:
        self.index = index
        self.partitions = partitions
        self.dedupe_window = dedupe_window
        self.position = 0
        self.seen: set[str] = set()
        """Ids of the receptions and resolutions taken, for the dedupe window behind the
        slowest partition (``_seen_by_time`` says when each leaves)."""
        self.watermarks: dict[int, datetime] = {}
        self._held: list[tuple[datetime, str, Held]] = []
        self._seen_by_time: list[tuple[datetime, str]] = []

    def feed(self, source: int, event: Event | None, offset: int) -> list[Addressed]:
        """Fold the link-input record at ``offset`` (copied from partition ``source``)."""
        if offset < self.position:
            return []
        self.position = offset + 1
        if event is None:
            return []
        if isinstance(event, Held) and event.event_id not in self.seen and self._fresh(event):
            self.seen.add(event.event_id)
            heapq.heappush(self._seen_by_time, (event.event_time, event.event_id))
            heapq.heappush(self._held, (event.event_time, event.event_id, event))
        mark = self.watermarks.get(source)
        if source in range(self.partitions) and (mark is None or event.event_time > mark):
            self.watermarks[source] = event.event_time
        return self._release()

    def _release(self) -> list[Addressed]:
        if len(self.watermarks) < self.partitions:
            return []
        low = min(self.watermarks.values())
        while self._seen_by_time and self._seen_by_time[0][0] < low - self.dedupe_window:
            self.seen.discard(heapq.heappop(self._seen_by_time)[1])
        links: list[Addressed] = []
        while self._held and self._held[0][0] < low:
            held = heapq.heappop(self._held)[2]
            if isinstance(held, GroupCaseResolved):
                links += [self._address(copy) for copy in self.index.resolve(held)]
            else:
                links += [self._address(c) for ln in self.index.add(held) for c in per_petition(ln)]
                links += [self._address(copy) for copy in self.index.late_resolutions()]
        return links

    def _fresh(self, event: Held) -> bool:
        """False for a reception older than the dedupe window behind every partition: its
        id may have been forgotten, so it may be a duplicate, and the link index forgot
        what it could have been linked to anyway (README "Duplicates")."""
        if not isinstance(event, PetitionReceived) or len(self.watermarks) < self.partitions:
            return True
        return event.event_time >= min(self.watermarks.values()) - self.dedupe_window

    def _address(self, event: PetitionsLinked | GroupCaseResolved) -> Addressed:
        return partition_for(event.petition_id, self.partitions), event


def per_petition(link: PetitionsLinked) -> list[PetitionsLinked]:
    """One copy of ``link`` per linked petition, each with its own deterministic id."""
    return [
        replace(link, petition_id=petition_id, event_id=derived_id(link.event_id, petition_id))
        for petition_id in link.petition_ids
    ]
