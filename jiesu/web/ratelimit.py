"""Rate limits per credential and per client address, with the ``limits`` library.

Counts live in ``JIESU_RATE_LIMIT_STORAGE``: ``memory://`` (per process, the default) or a
shared store such as ``redis://host:6379`` so that several replicas count together. Limits
are written as ``limits`` parses them: ``60/minute``, ``10 per second``, ``1000/hour``.
A refused hit says how long to wait (the ``Retry-After`` of the 429).
"""

from __future__ import annotations

import math
import time
from functools import cache

from limits import RateLimitItem, parse
from limits.errors import ConfigurationError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from jiesu.config import ConfigError


class RateLimited(Exception):
    """Too many requests for one key or address; retry after ``retry_after`` seconds."""

    def __init__(self, retry_after: int, what: str) -> None:
        super().__init__(f"rate limit of {what} reached; retry after {retry_after} s")
        self.retry_after = retry_after
        self.what = what


@cache
def item(limit: str) -> RateLimitItem:
    """A limit string (``60/minute``) parsed once; a bad one is a configuration error."""
    try:
        return parse(limit)
    except ValueError as exc:
        raise ConfigError(f"not a rate limit: {limit!r} (write e.g. 60/minute)") from exc


class RateLimiter:
    """Named counters over one storage (a moving window: no burst at a window's edge)."""

    def __init__(self, storage_uri: str = "memory://") -> None:
        try:
            storage = storage_from_string(storage_uri)
        except (ConfigurationError, ValueError) as exc:
            raise ConfigError(f"rate-limit storage {storage_uri!r}: {exc}") from exc
        self.strategy = MovingWindowRateLimiter(storage)

    def hit(self, limit: str, kind: str, who: str) -> None:
        """Count one request of ``who`` against ``limit``; :class:`RateLimited` when over."""
        rule = item(limit)
        if self.strategy.hit(rule, kind, who):
            return
        reset = self.strategy.get_window_stats(rule, kind, who).reset_time
        raise RateLimited(max(1, math.ceil(reset - time.time())), kind)
