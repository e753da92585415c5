"""The token bucket of the anonymous channel."""

from __future__ import annotations

from producers.http.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_key_gets_its_rate_and_then_waits() -> None:
    clock = Clock()
    limiter = RateLimiter(6, clock)
    assert [limiter.allow("a") for _ in range(6)] == [None] * 6
    wait = limiter.allow("a")
    assert wait is not None
    assert 9.9 < wait <= 10.0
    assert limiter.allow("b") is None, "other keys are not affected"
    clock.now = 10.0
    assert limiter.allow("a") is None
