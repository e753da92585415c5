"""Reading a whole topic from offset 0 up to its fetch high watermarks, for a replay.

One consumer holds every partition, so fetches of all partitions share round trips (the
way the benchmark's ceiling reads the log). "The end" is each partition's fetch high
watermark, since ListOffsets is wrong on some Kafka-compatible brokers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord

from jiesu.bus.reading import answer_ms, assigned_consumer
from jiesu.settings import Settings

Marks = Callable[[int], None]


def scan(
    settings: Settings,
    topic: str,
    on_total: Marks,
    size: int,
    timeout_s: float = 600.0,
    first: int | None = None,
) -> Iterator[list[ConsumerRecord]]:
    """Batches of at least ``size`` records (the last may be smaller; the first at least
    ``first``, when given, and taken from a poll of no more) of every partition of
    ``topic``, each partition in log order; ``on_total`` hears the sum of the high marks."""
    consumer = assigned_consumer(settings, max_poll_records=size)
    parts = [TopicPartition(topic, p) for p in range(settings.petition_partitions)]
    try:
        consumer.assign(parts)
        for tp in parts:
            consumer.seek(tp, 0)
        chunk: list[ConsumerRecord] = []
        want = first or size
        for batch in _polls(consumer, parts, on_total, timeout_s, want):
            chunk.extend(batch)
            if len(chunk) >= want:
                yield chunk
                chunk, want = [], size
        if chunk:
            yield chunk
    finally:
        consumer.close()


def _polls(
    consumer: KafkaConsumer,
    parts: list[TopicPartition],
    on_total: Marks,
    timeout_s: float,
    first: int,
) -> Iterator[list[ConsumerRecord]]:
    deadline = time.monotonic() + timeout_s
    told = False
    limit: int | None = first  # the first poll unpacks no more than the first batch needs
    wait_ms = answer_ms(consumer)
    while True:
        polled = consumer.poll(timeout_ms=wait_ms, max_records=limit)
        limit = None
        marks = [consumer.highwater(tp) for tp in parts]  # one per partition
        if not told and all(mark is not None for mark in marks):
            on_total(sum(int(mark or 0) for mark in marks))  # before the records: a replay
            told = True  # sizes its filter of event ids by it
        for tp in sorted(polled):
            yield polled[tp]
        if told and all(consumer.position(tp) >= (m or 0) for tp, m in zip(parts, marks)):  # noqa: B905
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"could not read {parts[0].topic} to its high watermarks")
