"""Reading a partition up to "now" with the fetch high watermark.

ListOffsets(latest) is wrong on some Kafka-compatible brokers (the embedded one answers the
last batch's base offset + 1), so "caught up" is decided by the high watermark that every
fetch response carries, which is correct everywhere.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator

from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord

from jiesu.bus.topics import bootstrap_of
from jiesu.settings import Settings


def assigned_consumer(settings: Settings, **overrides: object) -> KafkaConsumer:
    """A consumer with no group (positions are ours to keep), tuned for low fetch latency."""
    options: dict[str, object] = {
        "bootstrap_servers": bootstrap_of(settings),
        "group_id": None,
        "enable_auto_commit": False,
        "fetch_max_wait_ms": settings.fetch_max_wait_ms,
        "max_partition_fetch_bytes": 4 * 1024 * 1024,
        "max_poll_records": 5000,
        "request_timeout_ms": 30000,
    }
    options.update(overrides)
    return KafkaConsumer(**options)


def answer_ms(consumer: KafkaConsumer) -> int:
    """A poll's timeout long enough for one fetch to be answered, records or not.

    kafka-python's poll returns early only with records: a longer one on a partition with
    nothing new waits out its whole timeout, although the fetch's answer (and so the high
    watermark) came after the fetch wait. Reading six mostly empty partitions to their
    marks took 1.2 s with 200 ms polls."""
    return 2 * int(consumer.config["fetch_max_wait_ms"])


def read_partition_until_caught_up(
    settings: Settings,
    topic: str,
    partition: int,
    start_offset: int = 0,
    timeout_s: float = 120.0,
    consumer: KafkaConsumer | None = None,
) -> Iterator[list[ConsumerRecord]]:
    """Yield batches of records from ``start_offset`` until the high watermark seen when
    the reading began... and any records appended meanwhile up to the last fetch's mark."""
    own = consumer is None
    consumer = consumer or assigned_consumer(settings)
    tp = TopicPartition(topic, partition)
    try:
        consumer.assign([tp])
        consumer.seek(tp, start_offset)
        yield from _batches_until_highwater(consumer, tp, timeout_s)
    finally:
        if own:
            consumer.close()


def _batches_until_highwater(
    consumer: KafkaConsumer, tp: TopicPartition, timeout_s: float
) -> Iterator[list[ConsumerRecord]]:
    deadline = time.monotonic() + timeout_s
    wait_ms = answer_ms(consumer)
    while True:
        batch = consumer.poll(timeout_ms=wait_ms).get(tp, [])
        if batch:
            yield batch
        highwater = consumer.highwater(tp)
        if highwater is not None and consumer.position(tp) >= highwater:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"could not reach the high watermark of {tp} in {timeout_s}s")


def high_watermark(settings: Settings, topic: str, partition: int) -> int:
    """The partition's high watermark, from a real fetch (not ListOffsets)."""
    return high_watermarks(settings, topic, [partition])[partition]


def high_watermarks(settings: Settings, topic: str, partitions: Iterable[int]) -> dict[int, int]:
    """Each partition's high watermark, from one consumer's real fetches (not ListOffsets):
    one fetch answers for every partition, where a consumer each costs a connection each."""
    consumer = assigned_consumer(settings, max_poll_records=1)
    tps = [TopicPartition(topic, p) for p in partitions]
    try:
        consumer.assign(tps)
        return {tp.partition: mark for tp, mark in fetched_marks(consumer, tps).items()}
    finally:
        consumer.close()


def fetched_marks(
    consumer: KafkaConsumer,
    tps: list[TopicPartition],
    timeout_s: float = 30.0,
    stop: Callable[[], bool] = lambda: False,
) -> dict[TopicPartition, int]:
    """The high watermark of each of ``tps`` (assigned to ``consumer``), learnt from its first
    fetches from offset 0; ``stop`` gives up early (TimeoutError either way)."""
    for tp in tps:
        consumer.seek(tp, 0)
    deadline = time.monotonic() + timeout_s
    while None in (marks := {tp: consumer.highwater(tp) for tp in tps}).values():
        if stop() or time.monotonic() > deadline:
            raise TimeoutError(f"no fetch response for {tps[0].topic}")
        consumer.poll(timeout_ms=answer_ms(consumer), max_records=1)
    return {tp: int(mark or 0) for tp, mark in marks.items()}
