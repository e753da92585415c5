"""Rebuilding the linker: fold the link-input log again, publish only what is missing.

The linker's outputs land in other partitions than its input, so unlike a petition fold it
cannot meet them in its own log. It reads them instead: every ``PetitionsLinked`` already in
petition-events (up to the high watermark) counts as published; the rest of what the fold
decides is what the previous owner decided but never published.
"""

from __future__ import annotations

import logging

from jiesu.bus.reading import read_partition_until_caught_up
from jiesu.domain.events import Event
from schemas.codec import DecodeError
from streams.linking.fold import Addressed, LinkFold
from streams.runtime import Runtime
from streams.topics import link_topic

log = logging.getLogger(__name__)


def rebuild(runtime: Runtime) -> tuple[LinkFold, list[Addressed]]:
    """The linker's fold up to the high watermark, and its outputs not yet published."""
    fold = LinkFold(
        runtime.link_index(), runtime.settings.petition_partitions, runtime.settings.dedupe_window
    )
    outputs: list[Addressed] = []
    topic = link_topic(runtime.settings)
    for batch in read_partition_until_caught_up(runtime.settings, topic, 0):
        for record in batch:
            event = _decoded(runtime, record.value, topic, record.offset)
            outputs += fold.feed(source_of(record.key), event, record.offset)
    published = published_link_ids(runtime)
    missing = [(p, link) for p, link in outputs if link.event_id not in published]
    log.info(
        "rebuilt the linker to offset %d: %d links, %d missing",
        fold.position,
        len(outputs),
        len(missing),
    )
    return fold, missing


def source_of(key: bytes | None) -> int:
    """The petition-events partition a link-input record was copied from (its key)."""
    try:
        return int(key or b"-1")
    except ValueError:
        return -1


PUBLISHED = frozenset({"PetitionsLinked", "GroupCaseResolved"})
"""The events the linker appends to petition-events."""


def published_link_ids(runtime: Runtime) -> set[str]:
    """Ids of every event the linker may have appended to petition-events (others are
    skipped undecoded)."""
    ids: set[str] = set()
    topic = runtime.settings.petition_events_topic
    for partition in range(runtime.settings.petition_partitions):
        for batch in read_partition_until_caught_up(runtime.settings, topic, partition):
            for record in batch:
                if _event_name(runtime, record.value) in PUBLISHED:
                    event = _decoded(runtime, record.value, topic, record.offset)
                    ids.update([event.event_id] if event else [])
    return ids


def _event_name(runtime: Runtime, value: bytes | None) -> str | None:
    try:
        return runtime.codec.event_name(value or b"")
    except DecodeError:
        return None


def _decoded(runtime: Runtime, value: bytes | None, topic: str, offset: int) -> Event | None:
    try:
        return runtime.decode(value, topic, 0, offset)
    except DecodeError:
        return None
