"""Rebuilding a partition's fold from its log, up to the fetch high watermark.

This is how a worker takes a partition over (at start, after a rebalance, after a crash of
the previous owner): fold every record from offset 0 exactly as live processing does, without
publishing. The log is the only state, so the result is exact on any Kafka-protocol broker;
nothing depends on end offsets or changelog recovery, which some brokers get wrong.
"""

from __future__ import annotations

import logging
import time

from jiesu.bus.reading import read_partition_until_caught_up
from jiesu.domain.events import Event
from schemas.codec import DecodeError
from streams.petitions.fold import PartitionFold
from streams.runtime import Runtime

log = logging.getLogger(__name__)


def rebuild(runtime: Runtime, partition: int) -> PartitionFold:
    """The fold of ``partition`` up to the high watermark seen while reading it."""
    started = time.monotonic()
    fold = PartitionFold(runtime.policy, partition)
    topic = runtime.settings.petition_events_topic
    for batch in read_partition_until_caught_up(runtime.settings, topic, partition):
        for record in batch:
            fold_record(runtime, fold, record.value, topic, record.offset)
    log.info(
        "rebuilt %s[%d] to offset %d in %.2fs: %d petitions, %d outputs pending",
        topic,
        partition,
        fold.position,
        time.monotonic() - started,
        len(fold.records),
        len(fold.expected),
    )
    return fold


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
