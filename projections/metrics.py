"""The projector's Prometheus metrics (served by ``jiesu project`` on its metrics port).

Lag is the fetch high watermark minus the projector's position, per partition: the high
watermark every fetch response carries is right on every Kafka-protocol broker, where
ListOffsets(latest) is not (see the README on the embedded broker).
"""

from __future__ import annotations

from kafka import KafkaConsumer, TopicPartition
from prometheus_client import Counter, Gauge, Histogram

from jiesu.observe.labels import reason_label

LAG = Gauge(
    "jiesu_projector_consumer_lag",
    "Records of petition-events not yet in the read models (fetch high watermark - position).",
    ["topic", "partition"],
)
HIGH_WATERMARK = Gauge(
    "jiesu_projector_high_watermark",
    "The partition's high watermark, from the last fetch response.",
    ["topic", "partition"],
)
BATCH_RECORDS = Histogram(
    "jiesu_projector_batch_records",
    "Records in one applied batch (one transaction).",
    buckets=(1, 5, 10, 50, 100, 250, 500, 1000, 2000, 5000),
)
BATCH_SECONDS = Histogram(
    "jiesu_projector_batch_duration_seconds",
    "Time to apply one batch: decode, fold, write and commit.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
EVENTS = Counter("jiesu_projector_events_applied", "Log records applied to the read models.")
ROWS = Counter(
    "jiesu_projector_rows_written",
    "Read-model rows written (inserted, updated or deleted), by table.",
    ["table"],
)
DEAD_LETTERS = Counter(
    "jiesu_projector_dead_letters",
    "Records parked on the dead-letter topic, by kind of reason.",
    ["reason"],
)
OUTBOX = Gauge(
    "jiesu_projector_outbox_entries",
    "Committed changes waiting in the outbox for the change-feed topic.",
)
LAST_BATCH = Gauge(
    "jiesu_projector_last_batch_timestamp_seconds",
    "Unix time of the last committed batch.",
)


DEAD_LETTERS.labels("undecodable")  # zero from the start: rate() and alerts see it


def count_dead_letter(reason: str) -> None:
    DEAD_LETTERS.labels(reason_label(reason)).inc()


def set_lag(topic: str, partition: int, highwater: int, position: int) -> None:
    LAG.labels(topic, str(partition)).set(max(0, highwater - position))
    HIGH_WATERMARK.labels(topic, str(partition)).set(highwater)


def observe_batch(records: int, applied: int, seconds: float) -> None:
    BATCH_RECORDS.observe(records)
    BATCH_SECONDS.observe(seconds)
    EVENTS.inc(applied)
    LAST_BATCH.set_to_current_time()


def observe_lag(consumer: KafkaConsumer, topic: str, partitions: int) -> None:
    """Lag of every partition whose high watermark a fetch has told (after a poll)."""
    for partition in range(partitions):
        tp = TopicPartition(topic, partition)
        highwater = consumer.highwater(tp)
        if highwater is not None:
            set_lag(topic, partition, highwater, consumer.position(tp))
