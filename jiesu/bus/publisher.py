"""Publishing events durably: an answer only after the broker acknowledged (acks=all).

When the broker does not answer within ``settings.publish_timeout_s`` the call raises
:class:`BrokerUnavailable`, so the caller can answer 503 instead of losing a petition.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Sequence

from kafka import KafkaProducer
from kafka.errors import KafkaError

from jiesu.bus.errors import BrokerUnavailable, EventTooLarge
from jiesu.bus.records import EventEncoder, event_record
from jiesu.bus.topics import bootstrap_of
from jiesu.domain.events import ClockTicked, Event
from jiesu.settings import Settings

log = logging.getLogger(__name__)


class Publisher:
    """Publishes events keyed by petition id, with type, schema and correlation headers."""

    def __init__(self, settings: Settings, codec: EventEncoder) -> None:
        self.settings = settings
        self.codec = codec
        self._producer: KafkaProducer | None = None
        self._lock = threading.Lock()

    def publish(self, event: Event, topic: str | None = None) -> tuple[int, int]:
        """Send one event and wait for the acknowledgment; return (partition, offset)."""
        return self.publish_many([event], topic)[0]

    def publish_many(
        self, events: Sequence[Event], topic: str | None = None, partition: int | None = None
    ) -> list[tuple[int, int]]:
        """Send events in order and wait for every acknowledgment (one round trip).

        Every event is encoded before anything is sent: one that cannot be encoded, or is
        too large, raises (``EncodeError``, :class:`EventTooLarge`) and nothing is sent."""
        if not events:
            return []
        target = topic or self._topic_for(events[0])
        records = [self._record(e) for e in events]
        producer = self._ensure_producer()
        try:
            futures = [producer.send(target, **record, partition=partition) for record in records]
            producer.flush(timeout=self.settings.publish_timeout_s)
            metas = [f.get(timeout=self.settings.publish_timeout_s) for f in futures]
        except KafkaError as exc:
            self._discard_producer()
            raise BrokerUnavailable(f"broker did not acknowledge: {type(exc).__name__}") from exc
        return [(m.partition, m.offset) for m in metas]

    def _topic_for(self, event: Event) -> str:
        if isinstance(event, ClockTicked):
            return self.settings.clock_topic
        return self.settings.petition_events_topic

    def _record(self, event: Event) -> dict[str, object]:
        key, value, headers = event_record(self.codec, event)
        if len(value) > self.settings.max_event_bytes:
            raise EventTooLarge(event.event_id, len(value), self.settings.max_event_bytes)
        return {"key": key, "value": value, "headers": headers}

    def _ensure_producer(self) -> KafkaProducer:
        with self._lock:
            if self._producer is None:
                self._producer = self._connect()
            return self._producer

    def _connect(self) -> KafkaProducer:
        timeout_ms = int(self.settings.publish_timeout_s * 1000)
        try:
            return KafkaProducer(
                bootstrap_servers=bootstrap_of(self.settings),
                acks="all",
                retries=5,
                enable_idempotence=False,
                max_in_flight_requests_per_connection=1,
                linger_ms=2,
                max_block_ms=timeout_ms,
                bootstrap_timeout_ms=timeout_ms,
                request_timeout_ms=timeout_ms,
                delivery_timeout_ms=timeout_ms * 2,
                retry_backoff_ms=100,
            )
        except KafkaError as exc:
            raise BrokerUnavailable(f"cannot reach Kafka: {type(exc).__name__}") from exc

    def _discard_producer(self) -> None:
        """Drop a producer whose buffer may hold unacknowledged records (never resent)."""
        with self._lock:
            producer, self._producer = self._producer, None
        if producer is not None:
            with contextlib.suppress(KafkaError):
                producer.close(timeout=0)

    def close(self) -> None:
        """Flush what was sent and release the connection."""
        with self._lock:
            producer, self._producer = self._producer, None
        if producer is not None:
            producer.flush(timeout=self.settings.publish_timeout_s)
            producer.close(timeout=self.settings.publish_timeout_s)
