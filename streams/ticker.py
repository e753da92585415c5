"""The ticker: the one place that reads the wall clock.

While a worker runs with the ticker on, it publishes a ``ClockTicked`` to the ``clock`` topic
every ``interval`` seconds; everything downstream sees time only through these events.
"""

from __future__ import annotations

from datetime import UTC, datetime

import faust

from jiesu.domain.events import ClockTicked
from jiesu.domain.ids import derived_id
from streams import metrics
from streams.runtime import Runtime

SOURCE = "ticker"


def tick_at(now: datetime, source: str = SOURCE) -> ClockTicked:
    """The tick for wall-clock time ``now`` (the same instant always gives the same id)."""
    event_id = derived_id("clock", source, now.isoformat())
    return ClockTicked(
        event_id=event_id,
        petition_id="",
        event_time=now,
        recorded_time=now,
        actor="ticker",
        correlation_id=event_id,
        source=source,
    )


def register(app: faust.App, runtime: Runtime, interval_s: float) -> None:
    """Publish a tick every ``interval_s`` seconds of wall time while the worker runs."""

    async def tick() -> None:
        await runtime.publish([tick_at(datetime.now(UTC))], runtime.settings.clock_topic, 0)
        metrics.TICKS_PUBLISHED.inc()

    app.timer(interval=interval_s, name="ticker")(tick)
