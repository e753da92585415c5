"""An event as a Kafka record: key, value and headers, the same wherever it is written.

The intake's publisher and the stream processors both append events to ``petition-events``;
consumers (the projector, the benchmark, an analyst's tool) rely on one key (the petition id)
and one set of headers, so the record is built here once.
"""

from __future__ import annotations

from typing import Protocol

from jiesu.domain.events import Event

Headers = list[tuple[str, bytes]]


class EventEncoder(Protocol):
    """What building a record needs of the codec."""

    def encode(self, event: Event) -> bytes: ...

    def schema_id(self, event_type: type[Event]) -> int: ...


def event_record(codec: EventEncoder, event: Event) -> tuple[bytes, bytes, Headers]:
    """``(key, value, headers)``: key = petition id; headers ``event_type``, ``schema_id``,
    ``correlation_id``, ``event_id`` (README, "Topic map")."""
    headers = [
        ("event_type", type(event).__name__.encode()),
        ("schema_id", str(codec.schema_id(type(event))).encode()),
        ("correlation_id", event.correlation_id.encode()),
        ("event_id", event.event_id.encode()),
    ]
    return event.petition_id.encode(), codec.encode(event), headers
