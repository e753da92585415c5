"""Rows a rebuild carries from one batch to the next, instead of reading them back.

A replay starts from empty tables and is their only writer, so every row it needs again is
one it wrote itself: after each commit the batch's rows are kept here (as tuples, a quarter
of a dict's size), and the next batch's lookups are answered from memory. A key never
written has no row, which needs no query either. Memory follows the open petitions, not
the log: a closed petition's row is forgotten once its batch is committed (few events come
after the closing), and past :data:`LIMIT` rows a table forgets its least recently used
ones. A lookup the carried rows cannot answer then goes to the database (by primary key)
unless the key is known never to have been written (a petition the log has not shown yet).

``petition_timeline`` rows are written once and never read again, only looked for (is
this event a duplicate?): those lookups go to the database, and the replay's reader keeps
them few (see :mod:`projections.seen`). Each petition's last timeline ``seq`` is kept for
every petition, one integer each, so no lookup needs the timeline's secondary index
(built after the rebuild, see :mod:`projections.target`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import cache
from itertools import islice

from jiesu.domain.events import Status
from projections import stats
from projections.bulk import Values, column_values
from projections.declared import BY_PETITION, CARRIED
from projections.models_side import Base
from projections.workspace import Key, Loader, Row, Workspace

LIMIT = 120_000
"""Rows carried per table: every open petition of a big city's few weeks (a petition row
takes about 1.5 KB as a tuple)."""

TIMELINE = "petition_timeline"
CLOSED = Status.CLOSED.value


class CarriedRows:
    """The rebuild's rows of ``tables`` (those it rebuilds from empty) and timeline seqs.

    Each row is kept with the number of the batch that last wrote it: a row is only
    forgotten once that batch is committed (``committed``), so the database has it."""

    def __init__(self, tables: Iterable[str], limit: int = LIMIT) -> None:
        self.limit = limit
        self.rows: dict[str, dict[Key, tuple[int, Values]]] = {
            t: {} for t in tables if t in CARRIED
        }
        self.partial: set[str] = set()
        """Tables that forgot rows: a miss there may be in the database."""
        self.seqs: dict[str, int] = {}
        self.committed = 0
        self.closing: list[tuple[int, Key]] = []
        """Closed petitions' keys, with the batch that closed them: forgotten once committed."""

    def over(self, database: Loader) -> Loader:
        """A loader answering from the carried rows, and from ``database`` for the rest."""
        return _Over(self, database)

    def keep(self, ws: Workspace, batch: int = 0) -> None:
        """Take the rows of batch number ``batch``: what the database holds once it commits."""
        self.seqs.update(ws.seqs)
        for table, carried in self.rows.items():
            values = column_values(table)
            for key, row in ws.rows.get(table, {}).items():
                carried.pop(key, None)
                if row is not None and not (table == "daily_stats" and stats.is_empty(row)):
                    carried[key] = (batch, values(row))  # least recently used first
                if table == "petitions" and row is not None and row["status"] == CLOSED:
                    self.closing.append((batch, key))
            self._trim(table, carried)
        self._forget_closed()

    def _forget_closed(self) -> None:
        carried = self.rows.get("petitions")
        if carried is None:
            return
        ready = [(b, k) for b, k in self.closing if b <= self.committed]
        if not ready:
            return
        self.closing = [(b, k) for b, k in self.closing if b > self.committed]
        for batch, key in ready:
            held = carried.get(key)
            if held is not None and held[0] == batch:  # not written again since it closed
                del carried[key]
        self.partial.add("petitions")

    def _trim(self, table: str, carried: dict[Key, tuple[int, Values]]) -> None:
        excess = len(carried) - self.limit
        if excess <= 0:
            return
        gone = [k for k, (b, _) in islice(carried.items(), excess) if b <= self.committed]
        for key in gone:
            del carried[key]
        if gone:
            self.partial.add(table)

    def may_be_stored(self, table: str, key: Key) -> bool:
        """Whether a key the carried rows lack may still have a row in the database."""
        if table == TIMELINE:
            return True
        if table not in self.partial:
            return False
        return table not in BY_PETITION or key[0] in self.seqs


class _Over:
    """The :class:`~projections.workspace.Loader` of one batch of a rebuild."""

    def __init__(self, carried: CarriedRows, database: Loader) -> None:
        self.carried = carried
        self.database = database

    def load(self, table: str, keys: Collection[Key]) -> dict[Key, Row]:
        rows = self.carried.rows.get(table)
        if rows is None and table != TIMELINE:
            return self.database.load(table, keys)
        found: dict[Key, Row] = {}
        asked = []
        names = _columns(table)
        for key in keys:
            held = rows.get(key) if rows is not None else None
            if held is not None:
                found[key] = dict(zip(names, held[1], strict=True))
            elif self.carried.may_be_stored(table, key):
                asked.append(key)
        if asked:
            found.update(self.database.load(table, asked))
        return found

    def max_seq(self, petition_ids: Collection[str]) -> dict[str, int]:
        seqs = self.carried.seqs
        return {pid: seqs[pid] for pid in petition_ids if pid in seqs}


@cache
def _columns(table: str) -> tuple[str, ...]:
    return tuple(c.name for c in Base.metadata.tables[table].columns)
