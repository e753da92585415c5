"""The commands' outcomes as the intake sees them: the outcome topic, read by one thread.

The petitions processor appends each command's outcome (a copy of the fact, or an
``ActionRejected``) keyed by the command id. The watcher reads the topic from its start (the
only position correct on every broker without end offsets) into a bounded cache, so a request
can wait briefly for its own command's outcome and a status URL can read it later. It starts
with the first action, not with the app: an intake nobody acts on opens no consumer.

It fetches only while someone asks. A consumer that polls without pause sends a fetch every
fetch wait (125 a second at the demo's 8 ms), which cost the demo's process a fifth of a core
and the broker as much again for as long as it ran; parked, it costs nothing, and a fetch sent
after an outcome is on the log returns it at once (2-3 ms on the embedded broker).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

from kafka import TopicPartition

from jiesu.bus.reading import answer_ms, assigned_consumer
from jiesu.domain.events import Event
from jiesu.settings import Settings

log = logging.getLogger(__name__)
KEPT = 10_000
"""Outcomes kept for status URLs; an older one reads as still pending."""
STATUS_WAIT_S = 1.0
"""How long a status read waits for the reader to catch up with the log (two polls, about
two fetch waits, unless the broker is away)."""


class CommandOutcomes:
    """A cache of outcomes by command id, filled by a daemon thread from the outcome topic."""

    def __init__(self, settings: Settings, decode: Callable[[bytes], Event]) -> None:
        self.settings = settings
        self.decode = decode
        self._outcomes: OrderedDict[str, Event] = OrderedDict()
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._asking = 0
        """Callers waiting now: the reader polls only while there are some."""
        self.polls = 0
        """Polls answered that reached the log's end (a status read waits for two that
        began after it)."""

    def wait(self, command_id: str, timeout_s: float) -> Event | None:
        """The outcome of ``command_id``, waiting up to ``timeout_s`` for it; None if later."""
        return self._ask(command_id, timeout_s, caught_up=False)

    def get(self, command_id: str) -> Event | None:
        """The outcome of ``command_id`` if the log holds it (read up to the moment of the
        call), else None."""
        return self._ask(command_id, STATUS_WAIT_S, caught_up=True)

    def close(self) -> None:
        self._stop.set()
        with self._changed:
            self._changed.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _ask(self, command_id: str, timeout_s: float, caught_up: bool) -> Event | None:
        """Wait for ``command_id``'s outcome, or with ``caught_up`` until two polls begun
        after the call reached the log's end (the first may have been under way)."""
        self._start()
        with self._changed:
            if command_id in self._outcomes:
                return self._outcomes[command_id]
            after = self.polls + 2
            self._asking += 1
            self._changed.notify_all()
            try:
                self._changed.wait_for(
                    lambda: command_id in self._outcomes or (caught_up and self.polls >= after),
                    timeout_s,
                )
            finally:
                self._asking -= 1
            return self._outcomes.get(command_id)

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
                    while self._asked():
                        records = consumer.poll(timeout_ms=answer_ms(consumer)).values()
                        high = consumer.highwater(tp)
                        at_end = high is not None and consumer.position(tp) >= high
                        self._take([(r.key, r.value) for batch in records for r in batch], at_end)
                finally:
                    consumer.close()
            except Exception as exc:  # the broker away: answers fall back to 202 meanwhile
                log.warning("reading command outcomes failed: %s", type(exc).__name__)
                self._stop.wait(1.0)

    def _asked(self) -> bool:
        """Park until someone waits for an outcome; False once closed."""
        with self._changed:
            while not self._asking and not self._stop.is_set():
                self._changed.wait()
        return not self._stop.is_set()

    def _take(self, records: list[tuple[bytes | None, bytes | None]], at_end: bool) -> None:
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
            if at_end:
                self.polls += 1
            self._changed.notify_all()
