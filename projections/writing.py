"""The replay's write transactions, on the rebuilt database (in whichever process).

Each batch of the fold is one transaction: its changed rows, as they are sent (their values
as the driver takes them: see :func:`projections.bulk.driver_values`), and its
positions, then the commit. An outage (the database gone for a while) is waited out and
the open transaction redone from its rows, which are kept until it commits; any other
error is raised.
"""

from __future__ import annotations

from sqlalchemy import Connection as Database
from sqlalchemy.exc import DBAPIError, OperationalError

from projections.batch import retrying
from projections.bulk import Values, delete_keys, upsert_values
from projections.sql import Changes
from projections.target import open_target


class Writing:
    """Transactions of changes on the rebuilt database (in whichever process)."""

    def __init__(self, url: str, projections: set[str]) -> None:
        self.target = retrying(lambda: open_target(url, projections))
        self.pending: list[Changes] = []
        self.database: Database | None = None
        self.broken = False
        """The open transaction failed (an outage): it is redone from ``pending``."""

    def rows(self, changes: Changes) -> None:
        """Write ``changes`` in the open transaction (kept, to redo it after an outage)."""
        self.pending.append(changes)
        if self.broken:
            return
        try:
            _write(self._open(), changes)
        except (OperationalError, DBAPIError):
            self._drop()
            self.broken = True  # the commit redoes it, or raises what is no outage

    def commit(self, positions: list[Values]) -> None:
        """Write ``positions`` and commit the transaction."""
        retrying(lambda: self._commit(positions))
        self.pending = []

    def build_indexes(self) -> None:
        """Build the deferred indexes now, unless rows are written already (a transaction
        is open: they wait for :meth:`finish` then)."""
        if not self.pending:
            retrying(self.target.build_indexes)

    def finish(self) -> None:
        retrying(self.target.finish)
        self.target.engine.dispose()

    def _commit(self, positions: list[Values]) -> None:
        try:
            if self.broken:
                for changes in self.pending:
                    _write(self._open(), changes)
            database = self._open()
            _write(database, ({"projection_positions": positions}, {}))
            database.commit()
            database.close()
            self.database, self.broken = None, False
        except BaseException:
            self._drop()
            self.broken = True
            raise

    def _open(self) -> Database:
        if self.database is None:
            self.database = self.target.engine.connect()
        return self.database

    def _drop(self) -> None:
        if self.database is not None:
            try:
                self.database.rollback()
                self.database.close()
            except (OperationalError, DBAPIError):
                pass  # the connection is gone with the outage
            self.database = None


def _write(database: Database, changes: Changes) -> None:
    upserts, deletions = changes
    for table, keys in deletions.items():
        delete_keys(database, table, keys)
    for table, rows in upserts.items():
        upsert_values(database, table, rows, converted=True)
