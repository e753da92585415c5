"""The projector's Kafka edge: the producer for dead letters and the change feed."""

from __future__ import annotations

import logging
import time

from kafka import KafkaProducer
from kafka.errors import KafkaError

from jiesu.bus.topics import bootstrap_of
from jiesu.settings import Settings
from projections.batch import DeadLetter, LogRecord

log = logging.getLogger(__name__)


def producer_for(settings: Settings) -> KafkaProducer:
    """acks=all, no idempotence (it breaks for good when the broker restarts)."""
    return KafkaProducer(
        bootstrap_servers=bootstrap_of(settings),
        acks="all",
        retries=10,
        enable_idempotence=False,
        max_in_flight_requests_per_connection=1,
        linger_ms=5,
    )


def dead_letterer(producer: KafkaProducer, topic: str) -> DeadLetter:
    """Park a record with where it came from and why; waits for the acknowledgment."""

    def send(record: LogRecord, reason: str) -> None:
        headers = [
            ("reason", reason.encode()),
            ("topic", record.topic.encode()),
            ("partition", str(record.partition).encode()),
            ("offset", str(record.offset).encode()),
        ]
        log.warning(
            "dead-lettering %s[%d]@%d: %s", record.topic, record.partition, record.offset, reason
        )
        delay = 0.5
        while True:  # a poison record is parked, never dropped: wait for the broker
            try:
                producer.send(topic, value=record.value or b"", headers=headers).get(timeout=30)
                return
            except KafkaError as exc:
                log.warning("dead-lettering failed (%s); retrying in %.1fs", exc, delay)
                time.sleep(delay)
                delay = min(delay * 2, 30.0)

    return send


class LazyDeadLetterer:
    """A :data:`~projections.batch.DeadLetter` whose producer is made for the first poison
    record: a replay of a healthy log never needs one, and connecting one costs a small
    log's replay a noticeable share of its time."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.producer: KafkaProducer | None = None
        self._send: DeadLetter | None = None

    def __call__(self, record: LogRecord, reason: str) -> None:
        if self._send is None:
            self.producer = producer_for(self.settings)
            self._send = dead_letterer(self.producer, self.settings.dead_letter_topic)
        self._send(record, reason)

    def close(self) -> None:
        if self.producer is not None:
            self.producer.close(timeout=5)
