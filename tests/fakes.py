"""Unit-tier fakes: the intake's publisher and read model in memory, for route tests.

Only the intake's *edges* are faked (the broker and the projections' table); everything the
routes do — validation, credentials, the ledger on SQLite, the group commit — runs for real.
:class:`FakePublisher` keeps the real publisher's contract that the routes rely on: every
event is encoded before anything is "sent" (an oversized one raises :class:`EventTooLarge`
and nothing is kept), the partition is Kafka's default one for the petition-id key, offsets
grow per partition, and an unavailable broker raises :class:`BrokerUnavailable`.
``tests/integration/test_fakes_contract.py`` checks it against the real publisher.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from jiesu.bus.errors import BrokerUnavailable, EventTooLarge
from jiesu.bus.partitioning import partition_for
from jiesu.bus.records import EventEncoder, event_record
from jiesu.bus.topics import topic_map
from jiesu.domain.events import ClockTicked, Event, Status
from jiesu.domain.readmodel import PetitionView, RequestQuery
from jiesu.settings import Settings
from schemas.codec import default_codec


@dataclass(frozen=True)
class Sent:
    """One record as the broker would hold it."""

    topic: str
    partition: int
    offset: int
    event: Event
    value: bytes


class FakePublisher:
    """The intake's :class:`producers.intake.EventPublisher`, acknowledging from memory."""

    def __init__(self, settings: Settings, codec: EventEncoder | None = None) -> None:
        self.settings = settings
        self.codec = codec or default_codec(settings)
        self.sent: list[Sent] = []
        self.available = True
        """Set False to have every publish fail as with the broker down (the routes' 503)."""
        self._next: dict[tuple[str, int], int] = defaultdict(int)
        self._partitions = {spec.name: spec.partitions for spec in topic_map(settings)}
        self._lock = threading.Lock()

    def publish(self, event: Event, topic: str | None = None) -> tuple[int, int]:
        return self.publish_many([event], topic)[0]

    def publish_many(
        self, events: Sequence[Event], topic: str | None = None, partition: int | None = None
    ) -> list[tuple[int, int]]:
        if not events:
            return []
        target = topic or self._topic_for(events[0])
        records = [self._record(e) for e in events]  # all encoded before anything is kept
        if not self.available:
            raise BrokerUnavailable("broker did not acknowledge: fake broker down")
        acks: list[tuple[int, int]] = []
        with self._lock:
            for event, value in zip(events, records, strict=True):
                part = self.partition_of(event, target) if partition is None else partition
                offset = self._next[(target, part)]
                self._next[(target, part)] = offset + 1
                self.sent.append(Sent(target, part, offset, event, value))
                acks.append((part, offset))
        return acks

    def partition_of(self, event: Event, topic: str) -> int:
        """Kafka's default partitioner on the petition-id key, among ``topic``'s partitions
        as :func:`jiesu.bus.topics.ensure_topics` creates them."""
        count = self._partitions.get(topic, self.settings.petition_partitions)
        return partition_for(event.petition_id, count)

    def events(self, topic: str | None = None) -> list[Event]:
        """What was published to ``topic`` (default: petition-events), in order."""
        wanted = topic or self.settings.petition_events_topic
        return [s.event for s in self.sent if s.topic == wanted]

    def close(self) -> None:
        """Nothing to release; present because the real publisher has it."""

    def _topic_for(self, event: Event) -> str:
        if isinstance(event, ClockTicked):
            return self.settings.clock_topic
        return self.settings.petition_events_topic

    def _record(self, event: Event) -> bytes:
        _key, value, _headers = event_record(self.codec, event)
        if len(value) > self.settings.max_event_bytes:
            raise EventTooLarge(event.event_id, len(value), self.settings.max_event_bytes)
        return value


@dataclass
class FakeReadModel:
    """The :class:`jiesu.domain.readmodel.ReadModel` over a list of views, with the same
    filters and order (newest ``received_at`` first) as the projections' table."""

    views: dict[str, PetitionView] = field(default_factory=dict)

    def add(self, views: Iterable[PetitionView]) -> None:
        self.views.update((v.petition_id, v) for v in views)

    def petition(self, petition_id: str) -> PetitionView | None:
        return self.views.get(petition_id)

    def search(self, query: RequestQuery) -> list[PetitionView]:
        found = [v for v in self.views.values() if _matches(v, query)]
        found.sort(key=lambda v: v.received_at.timestamp() if v.received_at else 0, reverse=True)
        return found[: query.limit]


def _matches(view: PetitionView, query: RequestQuery) -> bool:
    if query.ids:
        return view.petition_id in query.ids
    received = view.received_at
    closed = view.state.status == Status.CLOSED
    return (
        (not query.service_codes or view.category in query.service_codes)
        and (query.start is None or (received is not None and received >= query.start))
        and (query.end is None or (received is not None and received <= query.end))
        and (query.closed is None or query.closed == closed)
    )
