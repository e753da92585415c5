"""The benchmark's event log: realistic petitions, encoded once, produced and read back raw.

Petitions come from the simulator (deterministic for a seed), so every figure is measured on
the same kind of records the city produces: Chinese free text, locations, hashed petitioners.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from jiesu.bus.reading import assigned_consumer
from jiesu.bus.topics import bootstrap_of
from jiesu.config.city import load_city
from jiesu.domain.events import Event, PetitionReceived
from jiesu.settings import Settings
from producers.simulator.petitions import plan_petitions
from producers.simulator.traffic import SimulationConfig
from schemas.codec import Codec

Record = tuple[bytes, bytes, list[tuple[str, bytes]], int | None]
"""Key, value, headers and the partition (None: the key's, as the publisher chooses it)."""
PER_DAY = 20_000
"""Petitions per simulated day: a big city's busy day, so time-based rules see real spans."""


def petitions(count: int, seed: int, pii_key: str) -> list[PetitionReceived]:
    """``count`` simulated petitions (the simulator's channel and category mix)."""
    config = SimulationConfig(
        seed=seed, petitions=count, days=max(1.0, count / PER_DAY), pii_key=pii_key
    )
    return plan_petitions(load_city(), config)


def encode_all(
    codec: Codec, events: Sequence[Event], partitions: Sequence[int | None] | None = None
) -> list[Record]:
    """Key, Confluent-framed Avro value and headers, as the publisher writes them; each in
    its given partition (``partitions``), else in its key's."""
    return [
        (
            e.petition_id.encode(),
            codec.encode(e),
            [("event_type", type(e).__name__.encode()), ("event_id", e.event_id.encode())],
            None if partitions is None else partitions[i],
        )
        for i, e in enumerate(events)
    ]


def produce(settings: Settings, records: Sequence[Record]) -> float:
    """Send every record (acks=all) and wait for all acknowledgments; return seconds taken."""
    producer = KafkaProducer(
        bootstrap_servers=bootstrap_of(settings),
        acks="all",
        enable_idempotence=False,
        linger_ms=5,
        batch_size=256 * 1024,
        max_request_size=4 * 1024 * 1024,
    )
    topic = settings.petition_events_topic
    try:
        producer.partitions_for(topic)
        started = time.perf_counter()
        futures = [
            producer.send(topic, key=k, value=v, headers=h, partition=p) for k, v, h, p in records
        ]
        producer.flush()
        for future in futures:
            future.get(timeout=60)
        return time.perf_counter() - started
    finally:
        producer.close()


def read_all(
    settings: Settings, timeout_s: float = 600.0
) -> Iterator[list[tuple[int, int, bytes]]]:
    """Batches of (partition, offset, value) of every partition, up to the fetch high marks."""
    topic = settings.petition_events_topic
    consumer = assigned_consumer(settings, fetch_max_wait_ms=10)
    try:
        parts = [TopicPartition(topic, p) for p in range(settings.petition_partitions)]
        consumer.assign(parts)
        for tp in parts:
            consumer.seek(tp, 0)
        deadline = time.monotonic() + timeout_s
        while not _caught_up(consumer, parts):
            if time.monotonic() > deadline:
                raise TimeoutError(f"could not read {topic} to its high watermarks")
            for tp, batch in consumer.poll(timeout_ms=200).items():
                yield [(tp.partition, r.offset, r.value) for r in batch]
    finally:
        consumer.close()


def _caught_up(consumer: KafkaConsumer, parts: list[TopicPartition]) -> bool:
    for tp in parts:
        mark = consumer.highwater(tp)
        if mark is None or consumer.position(tp) < mark:
            return False
    return True
