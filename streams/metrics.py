"""The stream worker's Prometheus metrics (served by ``jiesu streams`` on its metrics port).

Counters are kept where things happen (publishing, dead-lettering, rebuilding, ticking);
gauges of state (lag, fold sizes, the calendar) are refreshed on the event loop by
:mod:`streams.observe`. Labels hold bounded values only: topic, partition, agent, event
type, deadline kind, handling level, the kind of a dead-letter reason.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from prometheus_client import Counter, Gauge, Histogram

from jiesu.domain.events import (
    ClockTicked,
    DeadlineKind,
    Event,
    HandlingLevel,
    SlaBreached,
    SlaWarned,
)
from jiesu.observe.labels import reason_label
from jiesu.observe.logs import event_fields

log = logging.getLogger(__name__)

RECORDS = Counter("jiesu_streams_records", "Records processed, by agent.", ["agent"])
DECISIONS = Counter(
    "jiesu_streams_decisions", "Events decided and published, by type.", ["event_type"]
)
SLA_WARNINGS = Counter(
    "jiesu_streams_sla_warnings", "Deadline warnings decided, by kind and level.", ["kind", "level"]
)
SLA_BREACHES = Counter(
    "jiesu_streams_sla_breaches", "Deadline breaches decided, by kind and level.", ["kind", "level"]
)
DEAD_LETTERS = Counter(
    "jiesu_streams_dead_letters",
    "Records parked on the dead-letter topic, by source topic and kind of reason.",
    ["topic", "reason"],
)
REBUILDS = Counter(
    "jiesu_streams_rebuilds", "Partitions rebuilt from their log on assignment.", ["topic"]
)
REBUILD_SECONDS = Histogram(
    "jiesu_streams_rebuild_duration_seconds",
    "Time to fold a partition's log from offset 0 to its high watermark.",
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 1800, 3600, 7200),
)
REBUILDING = Gauge("jiesu_streams_rebuilding_partitions", "Partitions being rebuilt now.")
REBALANCES = Counter("jiesu_streams_rebalances", "Partition revocations seen by the worker.")
TICKS_PUBLISHED = Counter("jiesu_streams_ticks_published", "ClockTicked published by the ticker.")
LAST_TICK = Gauge(
    "jiesu_streams_last_tick_timestamp_seconds",
    "Event time (Unix) of the newest ClockTicked copied into the petition partitions;"
    " the worker's start until it copies one (so a worker that never sees one alerts).",
)
NOTABLE = frozenset(
    {"SlaBreached", "PetitionEscalated", "WhistleBlown", "ActionRejected", "PetitionsLinked"}
)
"""Decisions logged at INFO (the others at DEBUG): what an operator may be asked about."""

positions: dict[tuple[str, str, int], int] = {}
"""(agent, topic, partition) → next offset to process; read by :mod:`streams.observe`."""


def initialise(topics: Sequence[str]) -> None:
    """Series at zero from the start, so rate() and the alerts see them before the first."""
    kinds = [k.value for k in DeadlineKind if k is not DeadlineKind.UNKNOWN]
    levels = [v.value for v in HandlingLevel if v is not HandlingLevel.UNKNOWN]
    for kind in kinds:
        for level in levels:
            SLA_WARNINGS.labels(kind, level)
            SLA_BREACHES.labels(kind, level)
    LAST_TICK.set_to_current_time()
    for topic in topics:
        DEAD_LETTERS.labels(topic, "undecodable")
        REBUILDS.labels(topic)


def processed(agent: str, messages: Sequence[Any]) -> None:
    """A batch of ``agent`` is done: move its positions and count its records."""
    for message in messages:
        key = (agent, message.topic, message.partition)
        positions[key] = max(positions.get(key, 0), message.offset + 1)
    RECORDS.labels(agent).inc(len(messages))


def published(events: Sequence[Event]) -> None:
    """Count (and log) the decisions among events the broker acknowledged."""
    for event in events:
        if isinstance(event, ClockTicked):
            continue
        name = type(event).__name__
        DECISIONS.labels(name).inc()
        if isinstance(event, SlaBreached):
            SLA_BREACHES.labels(event.kind.value, event.level.value).inc()
        elif isinstance(event, SlaWarned):
            SLA_WARNINGS.labels(event.kind.value, event.level.value).inc()
        level = logging.INFO if name in NOTABLE else logging.DEBUG
        if log.isEnabledFor(level):
            log.log(level, "decided %s", name, extra=event_fields(event))


def dead_lettered(topic: str, reason: str) -> None:
    DEAD_LETTERS.labels(topic, reason_label(reason)).inc()


@contextmanager
def rebuilding(topic: str) -> Iterator[None]:
    """Time one partition's rebuild; the gauge shows rebuilds in progress."""
    REBUILDING.inc()
    started = time.perf_counter()
    try:
        yield
    finally:
        REBUILDING.dec()
        REBUILD_SECONDS.observe(time.perf_counter() - started)
        REBUILDS.labels(topic).inc()
