"""A token bucket per key, for channels anonymous by nature (the QR code / mini-program)."""

from __future__ import annotations

import threading
from collections.abc import Callable


class RateLimiter:
    """``per_minute`` requests per key, refilled continuously; in memory, per process."""

    def __init__(
        self, per_minute: int, clock: Callable[[], float], max_keys: int = 100_000
    ) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> float | None:
        """None when allowed, else the seconds to wait before the next request may pass."""
        now = self.clock()
        rate = self.per_minute / 60.0
        with self._lock:
            if len(self._buckets) > self.max_keys:
                self._buckets.clear()
            tokens, last = self._buckets.get(key, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return (1.0 - tokens) / rate
            self._buckets[key] = (tokens - 1.0, now)
            return None
