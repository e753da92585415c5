"""Group commit: petitions that arrive together share one broker round trip and one write.

Each request thread hands its petitions to one committer thread and waits. The committer
takes everything queued meanwhile and runs :meth:`Intake.submit_many` on the lot: one
ledger lookup, one acknowledged publish, one ledger transaction, whatever the number of
callers. Under load the per-petition cost of the broker and the database falls with the
batch; alone, a petition waits for nobody (the committer starts as soon as it is queued).

Every caller still gets its own answer only after the broker acknowledged its events; when
the batch fails, every caller in it gets the same exception (503), nothing is remembered, and
the retries publish the same deterministic event ids again. A request whose own events are
at fault (too large, or not encodable) fails alone: nothing was sent for the batch, which is
then committed request by request.
"""

from __future__ import annotations

import asyncio
import math
import queue
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

from jiesu.bus.errors import EventTooLarge
from jiesu.domain.events import Event, PetitionReceived
from producers import metrics
from producers.intake import Intake, Outcome
from producers.store import IntakeStore
from schemas.errors import EncodeError

MAX_BATCH = 500
"""Petitions per commit at most: bounds one publish's size and one transaction's length."""


@dataclass
class _Request:
    events: Sequence[PetitionReceived]
    answer: Future[list[Outcome]] = field(default_factory=Future)


class GroupCommit:
    """The intake as the HTTP channels use it: thread-safe, batched across requests."""

    def __init__(self, intake: Intake, max_batch: int = MAX_BATCH) -> None:
        self.intake = intake
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue[_Request | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def store(self) -> IntakeStore:
        """The ledger, for lookups that need no commit (nonces, Open311 tokens)."""
        return self.intake.store

    def submit(self, event: PetitionReceived) -> Outcome:
        return self.submit_many([event])[0]

    def submit_many(self, events: Sequence[PetitionReceived]) -> list[Outcome]:
        """Wait for the commit that carries ``events``; its exception is raised here."""
        if not events:
            return []
        return self._enqueue(events).result()

    def _enqueue(self, events: Sequence[PetitionReceived]) -> Future[list[Outcome]]:
        request = _Request(events)
        self._ensure_committer()
        self._queue.put(request)
        return request.answer

    async def submit_async(self, event: PetitionReceived) -> Outcome:
        """:meth:`submit` for async endpoints: the event loop goes on while the commit runs."""
        return (await self.submit_many_async([event]))[0]

    async def submit_many_async(self, events: Sequence[PetitionReceived]) -> list[Outcome]:
        if not events:
            return []
        return await asyncio.wrap_future(self._enqueue(events))

    def publish_command(self, event: Event, topic: str) -> tuple[int, int]:
        """Actions are rare next to petitions: published straight away, not batched."""
        return self.intake.publish_command(event, topic)

    def close(self) -> None:
        """Let the committer finish what is queued, then stop it."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join()

    def _ensure_committer(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="intake-group-commit", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            self._commit([first, *self._queued(self.max_batch - len(first.events))])

    def _queued(self, room: float) -> list[_Request]:
        """Requests already queued, taken while they hold fewer than ``room`` petitions."""
        taken: list[_Request] = []
        size = 0
        while size < room:
            try:
                request = self._queue.get_nowait()
            except queue.Empty:
                break
            if request is None:
                self._queue.put(None)
                break
            taken.append(request)
            size += len(request.events)
        return taken

    def _commit(self, batch: list[_Request]) -> None:
        events = [event for request in batch for event in request.events]
        metrics.GROUP_SIZE.observe(len(events))
        started = time.perf_counter()
        try:
            outcomes = self.intake.submit_many(events)
            metrics.COMMIT_SECONDS.observe(time.perf_counter() - started)
        except (EventTooLarge, EncodeError) as exc:
            if len(batch) == 1:
                batch[0].answer.set_exception(exc)
                return
            for request in batch:  # nothing was sent: find the request at fault
                self._commit([request])
            return
        except Exception as exc:
            # Those queued meanwhile fail with it: a second attempt would keep them waiting
            # for another whole timeout, beyond the bound the callers were promised.
            for request in batch + self._queued(math.inf):
                request.answer.set_exception(exc)
            return
        start = 0
        for request in batch:
            end = start + len(request.events)
            request.answer.set_result(outcomes[start:end])
            start = end
