"""The commands' outcomes as the intake sees them: the outcome topic, read by one thread.

The petitions processor appends each command's outcome (a copy of the fact, or an
``ActionRejected``) keyed by the command id. The watcher reads the topic from its start (the
only position correct on every broker without end offsets) into a bounded cache, so a request
can wait briefly for its own command's outcome and a status URL can read it later. It starts
with the first action, not with the app: an intake nobody acts on opens no consumer.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

from kafka import TopicPartition

from jiesu.bus.reading import assigned_consumer
from jiesu.domain.events import Event
from jiesu.settings import Settings

log = logging.getLogger(__name__)
KEPT = 10_000
"""Outcomes kept for status URLs; an older one reads as still pending."""


class CommandOutcomes:
    """A cache of outcomes by command id, filled by a daemon thread from the outcome topic."""

    def __init__(self, settings: Settings, decode: Callable[[bytes], Event]) -> None:
        self.settings = settings
        self.decode = decode
        self._outcomes: OrderedDict[str, Event] = OrderedDict()
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def wait(self, command_id: str, timeout_s: float) -> Event | None:
        """The outcome of ``command_id``, waiting up to ``timeout_s`` for it; None if later."""
        self._start()
        with self._changed:
            self._changed.wait_for(lambda: command_id in self._outcomes, timeout_s)
            return self._outcomes.get(command_id)

    def get(self, command_id: str) -> Event | None:
        """The outcome of ``command_id`` if it is known (no waiting)."""
        return self.wait(command_id, 0)

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _start(self) -> None:
        with self._changed:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="command-outcomes", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        tp = TopicPartition(self.settings.command_outcomes_topic, 0)
        while not self._stop.is_set():
            try:
                consumer = assigned_consumer(self.settings)
                consumer.assign([tp])
                consumer.seek(tp, 0)
                try:
                    while not self._stop.is_set():
                        for records in consumer.poll(timeout_ms=200).values():
                            self._take([(r.key, r.value) for r in records])
                finally:
                    consumer.close()
            except Exception as exc:  # the broker away: answers fall back to 202 meanwhile
                log.warning("reading command outcomes failed: %s", type(exc).__name__)
                self._stop.wait(1.0)

    def _take(self, records: list[tuple[bytes | None, bytes | None]]) -> None:
        decoded = []
        for key, value in records:
            try:
                decoded.append((key.decode() if key else "", self.decode(value or b"")))
            except Exception as exc:  # a record we cannot read is no outcome we can give
                log.warning("unreadable command outcome: %s", type(exc).__name__)
        with self._changed:
            for command_id, outcome in decoded:
                self._outcomes.setdefault(command_id, outcome)
                while len(self._outcomes) > KEPT:
                    self._outcomes.popitem(last=False)
            self._changed.notify_all()
