"""The change feed, fanned out to browsers: one Kafka consumer per dashboard process.

A thread reads ``settings.changes_topic`` with kafka-python and hands each change to every
subscriber's asyncio queue. It starts at "now": the broker's end offsets may be wrong, so the
position is the high watermark of a first real fetch, not ``seek_to_end``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from typing import Any

from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

from jiesu.bus.errors import BrokerUnavailable
from jiesu.bus.reading import assigned_consumer, fetched_marks
from jiesu.settings import Settings
from projections.web import metrics

log = logging.getLogger(__name__)
QUEUE_SIZE = 1000
RETRY_S = 1.0
MAX_RETRY_S = 30.0


class ChangeFeed:
    """Consumes the change-feed topic in a daemon thread and broadcasts each change."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.ready = threading.Event()
        self._stop = threading.Event()
        self._subscribers: set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[dict[str, Any]]]]
        self._subscribers = set()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="change-feed", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def subscribe(self) -> asyncio.Queue[dict[str, Any]]:
        """A queue receiving every change from now on (call from the event loop)."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        with self._lock:
            self._subscribers.add((asyncio.get_running_loop(), queue))
        return queue

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        with self._lock:
            self._subscribers = {s for s in self._subscribers if s[1] is not queue}

    def publish(self, change: dict[str, Any]) -> None:
        """Hand one change to every subscriber (thread-safe; a full queue drops it)."""
        with self._lock:
            targets = list(self._subscribers)
        for loop, queue in targets:
            loop.call_soon_threadsafe(_offer, queue, change)

    def _run(self) -> None:
        delay = RETRY_S
        while not self._stop.is_set():
            try:
                self._consume()
            except (KafkaError, BrokerUnavailable, OSError, TimeoutError) as exc:
                if self.ready.is_set():  # it had worked: start the back-off afresh
                    delay = RETRY_S
                self.ready.clear()
                metrics.FEED_READY.set(0)
                log.warning("change feed interrupted (%s); retrying in %.0fs", exc, delay)
                self._stop.wait(delay)
                delay = min(delay * 2, MAX_RETRY_S)

    def _consume(self) -> None:
        consumer = assigned_consumer(self.settings, max_poll_records=500)
        try:
            partitions = self._partitions(consumer)
            consumer.assign(partitions)
            _seek_to_high_watermarks(consumer, partitions, self._stop)
            self.ready.set()
            metrics.FEED_READY.set(1)
            while not self._stop.is_set():
                for records in consumer.poll(timeout_ms=200).values():
                    for record in records:
                        self._deliver(record.value)
        finally:
            consumer.close()

    def _partitions(self, consumer: KafkaConsumer) -> list[TopicPartition]:
        topic = self.settings.changes_topic
        while not self._stop.is_set():
            numbers = consumer.partitions_for_topic(topic)
            if numbers:
                return [TopicPartition(topic, n) for n in sorted(numbers)]
            self._stop.wait(RETRY_S)
        return []

    def _deliver(self, value: bytes | None) -> None:
        try:
            change = json.loads(value or b"null")
        except ValueError:
            log.warning("skipping a change that is not JSON")
            return
        if isinstance(change, dict):
            metrics.CHANGES.inc()
            self.publish(change)


def _offer(queue: asyncio.Queue[dict[str, Any]], change: dict[str, Any]) -> None:
    if not queue.full():
        queue.put_nowait(change)


def _seek_to_high_watermarks(
    consumer: KafkaConsumer, partitions: list[TopicPartition], stop: threading.Event
) -> None:
    """Position every partition at its high watermark, learnt from a real fetch."""
    for tp, mark in fetched_marks(consumer, partitions, timeout_s=60, stop=stop.is_set).items():
        consumer.seek(tp, mark)
