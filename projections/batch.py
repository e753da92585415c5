"""Applying a batch of log records to the database: exactly-once in effect.

Each batch is one transaction holding the rows it changed and the positions it reached;
records below the stored position were applied already and are skipped, so a redelivered
batch (a restart, a retry after a database outage) changes nothing twice. Undecodable
records go to the dead-letter topic *before* the transaction that moves past them commits.
So do records the database itself refuses (``DataError``, ``IntegrityError``): the batch is
then applied record by record, the refused ones parked with the database's reason, and the
projector carries on instead of failing on the same batch forever.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from jiesu.domain.redaction import redact_text
from projections import changes, sql
from projections.fold import OFFSET, PARTITION, fold
from projections.prefetch import prefetch
from projections.records import DeadLetter, Decoder, LogRecord, Piece, Tick, piece_of
from projections.workspace import Workspace

log = logging.getLogger(__name__)
T = TypeVar("T")

__all__ = ["BatchApplier", "DeadLetter", "LogRecord", "fold_piece", "retrying"]


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
        piece = piece_of(records, self.codec, self.dead_letter)
        try:
            retrying(lambda: self._transaction(piece), self.retry_cap_s)
        except (DataError, IntegrityError) as exc:
            log.warning("the database refused a batch (%s): one record at a time", _why(exc))
            for record in records:
                self._apply_one(record)

    def _apply_one(self, record: LogRecord) -> None:
        """Apply one record; one the database refuses is parked, and its offset passed."""
        piece = piece_of([record], self.codec, _parked_already)
        try:
            retrying(lambda: self._transaction(piece), self.retry_cap_s)
        except (DataError, IntegrityError) as exc:
            self.dead_letter(record, f"refused by the database: {_why(exc)}")
            past = Piece([], {record.partition: record.offset + 1}, 1)
            retrying(lambda: self._transaction(past), self.retry_cap_s)

    def _transaction(self, piece: Piece) -> None:
        with self.sessions() as session, session.begin():
            stored = sql.load_positions(session, self.projections, self.topic)
            ws = Workspace(sql.SqlLoader(session), self.projections)
            applied = fold_piece(ws, piece, stored, self.as_of)
            sql.write(session, ws)
            moved = {p: end for p, end in piece.ends.items() if end > stored.get(p, 0)}
            sql.save_positions(session, ws, self.topic, moved)
            if self.change_feed:
                changes.outbox(session, ws)
        self.applied += applied


def _parked_already(record: LogRecord, reason: str) -> None:
    """Decoding a record again: it was dead-lettered, if at all, the first time."""


def _why(exc: DBAPIError) -> str:
    """The database's reason, one line, without anything personal it might quote."""
    cause = exc.orig if exc.orig is not None else exc
    line = (str(cause).strip().splitlines() or [""])[0]
    return f"{type(cause).__name__}: {redact_text(line[:300])}"


def fold_piece(
    ws: Workspace, piece: Piece, stored: dict[int, int], as_of: datetime | None = None
) -> int:
    """Fold the items of ``piece`` not applied yet (below ``stored``) and at most ``as_of``
    old; return how many were not applied yet."""
    fresh = [i for i in piece.items if i[1][OFFSET] >= stored.get(i[1][PARTITION], 0)]
    seen = piece.seen
    prefetch(ws, [e for e, _, _ in fresh if not isinstance(e, Tick)], seen)
    for item, where, payload in fresh:
        if as_of is not None and item.event_time > as_of:
            continue
        if isinstance(item, Tick):
            ws.advance(where[PARTITION], item.event_time)
        else:
            fold(ws, item, where, payload, seen is not None and item.event_id not in seen)
    return len(fresh)


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
