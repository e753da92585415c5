"""Following a topic live in a thread: the first time each key shows a wanted record.

A consumer with a 10 ms fetch wait (fetches wait their full max-wait on some brokers, so the
client default of 500 ms would dominate every latency measured through it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection, Iterable

from kafka import TopicPartition

from jiesu.bus.reading import assigned_consumer
from jiesu.settings import Settings

Match = Callable[[bytes, bytes, dict[str, bytes]], Iterable[str]]
"""(key, value, headers) → the names of the milestones this record marks (maybe none)."""


class Follower:
    """Records, per milestone and key, the monotonic time the first matching record arrived."""

    def __init__(self, settings: Settings, topic: str, partitions: int, match: Match) -> None:
        self.settings, self.topic, self.partitions, self.match = settings, topic, partitions, match
        self.first: dict[str, dict[bytes, float]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"follow-{topic}", daemon=True)

    def start(self) -> Follower:
        self._thread.start()
        self._ready.wait(30)
        return self

    def _run(self) -> None:
        consumer = assigned_consumer(self.settings, fetch_max_wait_ms=10)
        parts = [TopicPartition(self.topic, p) for p in range(self.partitions)]
        consumer.assign(parts)
        for tp in parts:
            consumer.seek(tp, 0)
        try:
            while not self._stop.is_set():
                batches = consumer.poll(timeout_ms=100)
                self._ready.set()
                now = time.monotonic()
                for batch in batches.values():
                    for record in batch:
                        self._note(record.key, record.value, dict(record.headers), now)
        finally:
            consumer.close()

    def _note(self, key: bytes, value: bytes, headers: dict[str, bytes], now: float) -> None:
        for milestone in self.match(key or b"", value or b"", headers):
            with self._lock:
                self.first.setdefault(milestone, {}).setdefault(key, now)

    def snapshot(self, milestone: str) -> dict[bytes, float]:
        with self._lock:
            return dict(self.first.get(milestone, {}))

    def count(self, milestone: str) -> int:
        return len(self.first.get(milestone, {}))

    def wait_for(self, milestone: str, count: int, timeout_s: float) -> bool:
        """Wait until ``count`` keys reached ``milestone``; False on timeout."""
        deadline = time.monotonic() + timeout_s
        while self.count(milestone) < count:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def wait_keys(
        self, milestone: str, keys: Collection[bytes], timeout_s: float
    ) -> dict[bytes, float]:
        """Wait until every key reached ``milestone`` (or the timeout); return those that did."""
        deadline = time.monotonic() + timeout_s
        while True:
            seen = self.snapshot(milestone)
            if all(k in seen for k in keys) or time.monotonic() > deadline:
                return {k: seen[k] for k in keys if k in seen}
            time.sleep(0.02)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
