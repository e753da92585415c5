"""The Kafka side of the simulator: publish due events, read decisions back, keep the pace.

At ``speed`` X > 0 simulated time runs X times faster than the wall clock, which gives the
stream processors time to decide before handlers are due to act, so handlers' actions keep
their planned moments. At speed 0 the run goes as fast as the broker takes it; decisions
that arrive after their moment has passed are answered at the simulator's current time.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from jiesu.domain.events import Event
from producers.simulator.core import Simulation

log = logging.getLogger(__name__)


class Target(Protocol):
    """Where events go: the broker itself or a running intake service."""

    def send(self, events: Sequence[Event]) -> None: ...


class Feed(Protocol):
    """Where decisions come from: petition-events read from where the run began."""

    def poll(self, timeout_s: float) -> list[Event]: ...


class Runner:
    """Drives a :class:`Simulation` against a target, listening to a feed."""

    def __init__(
        self,
        simulation: Simulation,
        target: Target,
        feed: Feed | None,
        speed: float = 0.0,
        on_sent: Callable[[Sequence[Event]], None] | None = None,
    ) -> None:
        self.sim, self.target, self.feed, self.speed = simulation, target, feed, speed
        self.on_sent = on_sent
        self.now = simulation.config.start
        self.counts: Counter[str] = Counter()
        self._wall0 = time.monotonic()
        # At speed 0 events go out a tick's worth at a time, then decisions are read back,
        # so a processor that keeps up sees handlers act at their planned moments.
        self._stride = timedelta(minutes=simulation.config.tick_minutes)

    def run(self) -> Counter[str]:
        """Send every event of the window in time order; return counts by event type."""
        while (moment := self._wait()) is not None:
            due = self.sim.due(moment if self.speed > 0 else moment + self._stride)
            if due:
                self.target.send(due)
                self.now = due[-1].event_time
                self.counts.update(type(e).__name__ for e in due)
                if self.on_sent:
                    self.on_sent(due)
            self._listen(0.0)
        return self.counts

    def _wait(self) -> datetime | None:
        """The next moment to act at, after sleeping (and listening) until it is due."""
        while (moment := self.sim.next_time()) is not None:
            if self.speed <= 0:
                return moment
            offset = (moment - self.sim.config.start).total_seconds() / self.speed
            lag = offset - (time.monotonic() - self._wall0)
            if lag <= 0:
                return moment
            self._listen(min(lag, 0.2))
            if self.feed is None:
                time.sleep(min(lag, 0.2))
        return None

    def _listen(self, timeout_s: float) -> None:
        if self.feed is not None:
            self.sim.observe(self.feed.poll(timeout_s), self.now)
