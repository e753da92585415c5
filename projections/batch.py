"""Applying a batch of log records to the database: exactly-once in effect.

Each batch is one transaction holding the rows it changed and the positions it reached;
records below the stored position were applied already and are skipped, so a redelivered
batch (a restart, a retry after a database outage) changes nothing twice. Undecodable
records go to the dead-letter topic *before* the transaction that moves past them commits.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from jiesu.domain.events import Event
from projections import changes, sql
from projections.fold import Where, fold
from projections.prefetch import prefetch
from projections.workspace import Workspace
from schemas.codec import DecodeError

log = logging.getLogger(__name__)
T = TypeVar("T")


class Decoder(Protocol):
    def decode(
        self, data: bytes, *, topic: str = "", partition: int = -1, offset: int = -1
    ) -> Event: ...

    def tick_time(
        self, data: bytes, *, topic: str = "", partition: int = -1, offset: int = -1
    ) -> datetime | None: ...


class LogRecord(Protocol):
    """What is read of a Kafka record (kafka-python's ConsumerRecord has it)."""

    topic: str
    partition: int
    offset: int
    value: bytes | None


DeadLetter = Callable[[LogRecord, str], None]


@dataclass(frozen=True)
class Tick:
    """A ``ClockTicked`` record: projections only take its time (the partition's "now")."""

    event_time: datetime


Decoded = tuple[Event | Tick, Where]


@dataclass
class BatchApplier:
    """Folds batches of records into the projections of one database."""

    sessions: sessionmaker[Session]
    codec: Decoder
    projections: Collection[str]
    topic: str
    dead_letter: DeadLetter
    change_feed: bool = True
    as_of: datetime | None = None
    retry_cap_s: float = 30.0
    applied: int = field(default=0, init=False)

    def apply(self, records: Sequence[LogRecord]) -> None:
        """Apply ``records`` (in log order within each partition) in one transaction."""
        if not records:
            return
        decoded = [item for record in records if (item := self._decode(record)) is not None]
        ends: dict[int, int] = {}
        for record in records:
            ends[record.partition] = max(ends.get(record.partition, 0), record.offset + 1)
        retrying(lambda: self._transaction(decoded, ends), self.retry_cap_s)

    def _decode(self, record: LogRecord) -> Decoded | None:
        """The event (or tick) and its place; a poison record is dead-lettered (None)."""
        where = Where(record.topic, record.partition, record.offset)
        value = record.value or b""
        try:
            moment = self.codec.tick_time(
                value, topic=where.topic, partition=where.partition, offset=where.offset
            )
            if moment is not None:
                return Tick(moment), where
            event = self.codec.decode(
                value, topic=where.topic, partition=where.partition, offset=where.offset
            )
        except DecodeError as exc:
            self.dead_letter(record, f"undecodable: {exc.reason}")
            return None
        return event, where

    def _transaction(self, decoded: list[Decoded], ends: dict[int, int]) -> None:
        with self.sessions() as session, session.begin():
            stored = sql.load_positions(session, self.projections, self.topic)
            fresh = [(e, w) for e, w in decoded if w.offset >= stored.get(w.partition, 0)]
            ws = Workspace(sql.SqlLoader(session), self.projections)
            prefetch(ws, [e for e, _ in fresh if not isinstance(e, Tick)])
            for item, where in fresh:
                if self.as_of is not None and item.event_time > self.as_of:
                    continue
                if isinstance(item, Tick):
                    ws.advance(where.partition, item.event_time)
                else:
                    fold(ws, item, where)
            sql.write(session, ws)
            moved = {p: end for p, end in ends.items() if end > stored.get(p, 0)}
            sql.save_positions(session, ws, self.topic, moved)
            if self.change_feed:
                changes.outbox(session, ws)
        self.applied += len(fresh)


def retrying(action: Callable[[], T], cap_s: float = 30.0, sleep: Any = time.sleep) -> T:
    """Run ``action`` until the database takes it: an outage means wait, never skip."""
    delay = 0.5
    while True:
        try:
            return action()
        except (OperationalError, DBAPIError) as exc:
            if isinstance(exc, DBAPIError) and not (
                isinstance(exc, OperationalError) or exc.connection_invalidated
            ):
                raise
            log.warning("database unavailable (%s); retrying in %.1fs", type(exc).__name__, delay)
            sleep(delay)
            delay = min(delay * 2, cap_s)
