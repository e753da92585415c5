"""The live projector against a real broker and real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections import Counter

from kafka import KafkaProducer

from jiesu.bus.partitioning import partition_for
from jiesu.bus.reading import assigned_consumer, read_partition_until_caught_up
from projections.dump import dump
from tests.integration.test_projector_support import projector_thread, publish, wait_caught_up
from tests.unit.test_projection_support import city_events

EVENTS, TRUTH = city_events(80, seed=3)


def test_the_read_models_match_what_the_log_says(unique_topics, database_url):
    publish(unique_topics, EVENTS, tick_hours=12)
    with projector_thread(unique_topics, database_url, batch_size=200):
        wait_caught_up(database_url, unique_topics)
    models = dump(database_url)
    statuses = {r["petition_id"]: r["status"] for r in models["petitions"]}
    assert statuses == {pid: t.status for pid, t in TRUTH.items()}
    received: Counter[tuple[str, str]] = Counter()
    for row in models["daily_stats"]:
        received[(row["day"], row["channel"])] += row["received"]
    assert received == Counter((t.day, t.channel) for t in TRUTH.values())
    distinct = {e.event_id for e in EVENTS}
    assert {r["event_id"] for r in models["petition_timeline"]} == distinct
    breached = sum(t.breaches for t in TRUTH.values())
    assert len(models["sla_breaches"]) == breached


def test_a_poison_record_is_dead_lettered_and_the_rest_projected(unique_topics, sqlite_url):
    publish(unique_topics, EVENTS[:40])
    poison_partition = _partition_of(unique_topics, EVENTS[0].petition_id)
    offset = _send_raw(unique_topics, poison_partition, b"\x00\x00\x00\x03\xe7garbage")
    publish(unique_topics, EVENTS[40:])
    with projector_thread(unique_topics, sqlite_url):
        wait_caught_up(sqlite_url, unique_topics)
    assert len(dump(sqlite_url)["petitions"]) == len(TRUTH)
    letters = _read_all(unique_topics, unique_topics.dead_letter_topic, 1)
    assert len(letters) == 1
    headers = dict(letters[0].headers)
    assert headers["topic"].decode() == unique_topics.petition_events_topic
    assert int(headers["partition"]) == poison_partition
    assert int(headers["offset"]) == offset
    assert headers["reason"].decode().startswith("undecodable")


def test_every_committed_change_reaches_the_change_feed(unique_topics, sqlite_url):
    publish(unique_topics, EVENTS)
    with projector_thread(unique_topics, sqlite_url, batch_size=100):
        wait_caught_up(sqlite_url, unique_topics)
    feed = _read_all(unique_topics, unique_topics.changes_topic, unique_topics.petition_partitions)
    latest: dict[str, dict] = {}
    for record in feed:  # per key, the partition keeps the order
        latest[record.key.decode()] = json.loads(record.value)
    petitions = {k: v for k, v in latest.items() if k.startswith("petition:")}
    assert {v["id"]: v["data"]["status"] for v in petitions.values()} == {
        pid: t.status for pid, t in TRUTH.items()
    }
    text = b"".join(r.value for r in feed).decode()
    for personal in ("李四", "1390000", "楼道灯坏了"):
        assert personal not in text


def _partition_of(settings, petition_id: str) -> int:
    return partition_for(petition_id, settings.petition_partitions)


def _send_raw(settings, partition: int, value: bytes) -> int:
    producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers, acks="all")
    try:
        meta = producer.send(settings.petition_events_topic, value=value, partition=partition)
        return int(meta.get(timeout=10).offset)
    finally:
        producer.close()


def _read_all(settings, topic: str, partitions: int) -> list:
    consumer = assigned_consumer(settings)
    try:
        return [
            record
            for p in range(partitions)
            for batch in read_partition_until_caught_up(settings, topic, p, consumer=consumer)
            for record in batch
        ]
    finally:
        consumer.close()
