"""A replay's fold: decoded pieces in, changed rows out to the writer, nothing read back
that memory still holds.

The tables being rebuilt started empty and the writer is their only writer, so what the
fold needs again is in the carried rows (:mod:`projections.carried`), which forget only
rows of committed batches. What they do not hold is read from the database, which holds
every committed batch, and from the timeline ids of the batches the writer has not
committed yet, kept here until it has.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy import Dialect
from sqlalchemy.orm import Session, sessionmaker

from projections import sql
from projections.batch import fold_piece
from projections.bulk import Values, driver_values
from projections.carried import TIMELINE, CarriedRows
from projections.models_side import Base
from projections.records import Piece
from projections.sql import Changes
from projections.workspace import Key, Loader, Row, Workspace

_EVENT_ID = [c.name for c in Base.metadata.tables[TIMELINE].columns].index("event_id")


class Writer(Protocol):
    """:class:`~projections.writer.ForkedWriter` or :class:`~projections.writer.InlineWriter`."""

    def ready(self) -> None: ...

    def rows(self, changes: Changes) -> None: ...

    def commit(self, batch: int, positions: list[Values]) -> None: ...

    def acked(self) -> int: ...

    def build_indexes(self) -> None: ...


@dataclass
class RebuildApplier:
    """Folds a replay's pieces, a batch (one transaction of the writer) at a time."""

    reads: sessionmaker[Session]
    projections: Collection[str]
    topic: str
    writer: Writer
    carried: CarriedRows
    dialect: Dialect
    """The rebuilt database's: rows go to the writer as its driver takes them."""
    as_of: datetime | None = None
    idle: Callable[[], bool] = lambda: False
    """Asked between pieces: True when the next one is not there yet, so the timeline rows
    folded so far are sent to the writer meanwhile, not all at the batch's end."""
    applied: int = field(default=0, init=False)
    batch: int = field(default=0, init=False)
    unwritten: dict[int, set[str]] = field(default_factory=dict, init=False)
    """Timeline ids of the batches the writer has not committed yet, by batch."""

    def apply_pieces(self, pieces: Iterable[Piece]) -> None:
        """Fold ``pieces`` as one batch, each as soon as it is there."""
        self.batch += 1
        self._committed(self.writer.acked())
        with self.reads() as session:
            ws = Workspace(self.carried.over(self._database(session)), self.projections)
            ends: dict[int, int] = {}
            for piece in pieces:
                self.applied += fold_piece(ws, piece, {}, self.as_of)
                for partition, end in piece.ends.items():
                    ends[partition] = max(ends.get(partition, 0), end)
                if self.idle():
                    self._send(sql.appended_rows(ws), {})
            self._send(*sql.changed_rows(ws))
        positions = sql.position_rows(ws, self.topic, ends)
        self.writer.commit(self.batch, driver_values(self.dialect, sql.POSITIONS, positions))
        self.carried.keep(ws, self.batch)

    def _send(self, upserts: dict[str, list[Values]], deletions: dict[str, list[Values]]) -> None:
        ids = self.unwritten.setdefault(self.batch, set())
        ids.update(row[_EVENT_ID] for row in upserts.get(TIMELINE, ()))
        if upserts or deletions:
            converted = {t: driver_values(self.dialect, t, rows) for t, rows in upserts.items()}
            self.writer.rows((converted, deletions))

    def _committed(self, batch: int) -> None:
        self.carried.committed = batch
        for done in [b for b in self.unwritten if b <= batch]:
            del self.unwritten[done]

    def _database(self, session: Session) -> Loader:
        self.writer.ready()
        return _Unwritten(sql.SqlLoader(session), self.unwritten)


class _Unwritten:
    """The database, plus the timeline ids sent but not committed yet (a duplicate of one
    of them is found there: the fold only asks whether an entry exists)."""

    def __init__(self, database: Loader, unwritten: dict[int, set[str]]) -> None:
        self.database = database
        self.unwritten = unwritten

    def load(self, table: str, keys: Collection[Key]) -> dict[Key, Row]:
        if table != TIMELINE or not self.unwritten:
            return self.database.load(table, keys)
        pending = [k for k in keys if any(k[0] in ids for ids in self.unwritten.values())]
        found: dict[Key, Row] = {key: {"event_id": key[0]} for key in pending}
        rest = [k for k in keys if k not in found]
        return found | (self.database.load(table, rest) if rest else {})

    def max_seq(self, petition_ids: Collection[str]) -> dict[str, int]:
        return self.database.max_seq(petition_ids)
