"""Rebuilding a partition's fold from its log, up to the fetch high watermark.

This is how a worker takes a partition over (at start, after a rebalance, after a crash of
the previous owner): fold every record from offset 0 exactly as live processing does, without
publishing. The log is the only state, so the result is exact on any Kafka-protocol broker;
nothing depends on end offsets or changelog recovery, which some brokers get wrong.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from jiesu.bus.reading import read_partition_until_caught_up
from jiesu.domain.events import Event
from schemas.codec import DecodeError
from streams.petitions.fold import PartitionFold
from streams.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Poison:
    """A record of the partition that is not part of the fold, and why."""

    offset: int
    value: bytes | None
    reason: str


def rebuild(runtime: Runtime, partition: int) -> tuple[PartitionFold, list[Poison]]:
    """The fold of ``partition`` up to the high watermark seen while reading it, and the
    poison records in it that are not in the dead-letter topic yet."""
    started = time.monotonic()
    fold = PartitionFold(runtime.policy, partition, runtime.settings.dedupe_window)
    topic = runtime.settings.petition_events_topic
    poison: list[Poison] = []
    for batch in read_partition_until_caught_up(runtime.settings, topic, partition):
        for record in batch:
            reason = fold_record(runtime, fold, record.value, topic, record.offset)[1]
            if reason is not None:
                poison.append(Poison(record.offset, record.value, reason))
    parked = dead_lettered_offsets(runtime, topic, partition) if poison else set()
    log.info(
        "rebuilt %s[%d] to offset %d in %.2fs: %d petitions, %d outputs pending",
        *(topic, partition, fold.position, time.monotonic() - started),
        *(len(fold.records), len(fold.expected)),
    )
    return fold, [p for p in poison if p.offset not in parked]


def dead_lettered_offsets(runtime: Runtime, topic: str, partition: int) -> set[int]:
    """Offsets of ``topic[partition]`` already in the dead-letter topic (by its headers)."""
    offsets: set[int] = set()
    where = (topic.encode(), str(partition).encode())
    dead_letters = runtime.settings.dead_letter_topic
    for batch in read_partition_until_caught_up(runtime.settings, dead_letters, 0):
        for record in batch:
            headers = dict(record.headers)
            if (headers.get("topic"), headers.get("partition")) == where:
                offsets.add(int(headers.get("offset", b"-1")))
    return offsets


def fold_record(
    runtime: Runtime, fold: PartitionFold, value: bytes | None, topic: str, offset: int
) -> tuple[list[Event], str | None]:
    """Fold one record; return the events it decided and why it is poison (None if not).

    Live processing and rebuilding both go through here, so a poison record is skipped in
    the same way by both and the two arrive at the same state.
    """
    try:
        event = runtime.decode(value, topic, fold.partition, offset)
    except DecodeError as exc:
        fold.skip(offset)
        return [], f"undecodable: {exc.reason}"
    try:
        return fold.feed(event, offset), None
    except Exception as exc:  # a policy bug must not stop every other petition
        # Only the type: an exception's message may quote personal data.
        log.error(
            "policy failed on %s[%d]@%d: %s", topic, fold.partition, offset, type(exc).__name__
        )
        fold.skip(offset)
        return [], f"processing failed: {type(exc).__name__}"
