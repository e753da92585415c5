"""Accepting petitions exactly once: look up the reference, publish, then remember it.

The answer to the caller is built only after :meth:`Publisher.publish_many` returned, i.e.
after the broker acknowledged with acks=all; a ``BrokerUnavailable`` propagates untouched so
the HTTP layer answers 503 and nothing is remembered.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from jiesu.domain.events import Event, PetitionReceived
from jiesu.erasure.sealing import sealed_for_log
from jiesu.erasure.store import SqlKeyStore
from jiesu.observe.logs import event_fields
from producers import metrics
from producers.store import IntakeStore

log = logging.getLogger(__name__)


class EventPublisher(Protocol):
    """What the intake needs of :class:`jiesu.bus.publisher.Publisher`."""

    def publish(self, event: Event, topic: str | None = None) -> tuple[int, int]: ...

    def publish_many(
        self, events: Sequence[Event], topic: str | None = None, partition: int | None = None
    ) -> list[tuple[int, int]]: ...


@dataclass(frozen=True)
class Outcome:
    """What happened to one petition: its id and whether it had been accepted before."""

    petition_id: str
    duplicate: bool


class Intake:
    """The one path by which every channel hands a petition to the log."""

    def __init__(
        self,
        publisher: EventPublisher,
        store: IntakeStore,
        clock: Callable[[], datetime],
        keys: SqlKeyStore | None = None,
        pii_key: str | None = None,
    ) -> None:
        """``keys`` seal personal fields (README "Erasure"); by default, beside the ledger.
        ``pii_key`` indexes a phone under its keyed hash, for ``jiesu erase --phone``."""
        self.publisher = publisher
        self.store = store
        self.clock = clock
        self.keys = keys or SqlKeyStore(store.engine)
        self.pii_key = pii_key

    def submit(self, event: PetitionReceived) -> Outcome:
        return self.submit_many([event])[0]

    def submit_many(self, events: Sequence[PetitionReceived]) -> list[Outcome]:
        """Publish the events whose references are new (one round trip), then record them."""
        known = self.store.known((e.channel.value, e.channel_ref) for e in events)
        fresh: dict[tuple[str, str], PetitionReceived] = {}
        for event in events:
            ref = (event.channel.value, event.channel_ref)
            if ref not in known and ref not in fresh:
                fresh[ref] = event
        sealed = sealed_for_log(list(fresh.values()), self.keys, self.pii_key)
        started = time.perf_counter()
        acks = self.publisher.publish_many(sealed)
        metrics.PUBLISH_SECONDS.observe(time.perf_counter() - started)
        self.store.record(list(zip(fresh.values(), acks, strict=True)), self.clock())
        for event in fresh.values():
            log.info(
                "accepted petition %s from %s",
                event.petition_id,
                event.channel.value,
                extra={**event_fields(event), "channel": event.channel.value},
            )
        outcomes = [self._outcome(e, known, fresh) for e in events]
        for event, outcome in zip(events, outcomes, strict=True):
            answer = "duplicate" if outcome.duplicate else "accepted"
            metrics.PETITIONS.labels(event.channel.value.lower(), answer).inc()
        return outcomes

    @staticmethod
    def _outcome(
        event: PetitionReceived,
        known: dict[tuple[str, str], str],
        fresh: dict[tuple[str, str], PetitionReceived],
    ) -> Outcome:
        ref = (event.channel.value, event.channel_ref)
        if ref in known:
            return Outcome(known[ref], True)
        return Outcome(event.petition_id, fresh[ref] is not event)

    def publish_command(self, event: Event, topic: str) -> tuple[int, int]:
        """Publish a handler's command; the petitions processor decides it."""
        return publish_commands(self.publisher, [event], topic)[0]


def publish_commands(
    publisher: EventPublisher, commands: Sequence[Event], topic: str
) -> list[tuple[int, int]]:
    """Publish handlers' commands (each the fact it asks for, under the command id) to
    ``topic`` in one round trip, keyed like petition-events: the intake's path, which the
    simulator takes too, so no handler's action reaches the log unchecked."""
    acks = publisher.publish_many(commands, topic)
    for event in commands:
        metrics.ACTIONS.labels(type(event).__name__).inc()
        log.info(
            "commanded %s on petition %s",
            type(event).__name__,
            event.petition_id,
            extra=event_fields(event),
        )
    return acks
