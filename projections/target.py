"""The database a replay rebuilds into, set up for one writer loading a lot at once.

- The rebuilt tables are created without their secondary indexes, which are built once
  the log is folded (:meth:`Target.finish`): one sort per index instead of an update per
  row. Nothing needs them meanwhile, since the rebuild looks rows up by primary key only
  (see :mod:`projections.carried`). Should a replay die before that, the next start of
  anything on the database (:func:`projections.store.create_schema`) adds them. A short
  log gets them at once instead (:meth:`Target.build_indexes`), while it is read: for a
  few rows, building them at the end would only add to the wait.
- Commits are not flushed to disk one by one (``synchronous=OFF``; on PostgreSQL
  ``synchronous_commit``): a machine crash mid-rebuild loses at most a database that was
  not in use yet (readers switch to it only once the replay finished, blue/green), and the
  replay is simply run again. Every transaction is still atomic.
- A new SQLite file is written with a rollback journal instead of a write-ahead log: no
  one but the replay reads it before it ends, and the log would write every page twice.
  A crash of the replay still leaves whole transactions (the journal rolls a torn one
  back); the file gets its WAL, like every read-model database, when it is finished. Its
  pages are 16 KB (the timeline's rows go in a third faster), and a transaction keeps its
  pages in memory until the commit: spilling them would lock the replay's own reads out
  until then, and the commit waits for the fold (see :mod:`projections.writer`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy.schema import CreateIndex, CreateTable

from jiesu.pragmas import BUSY, WAL, execute_all
from projections.bulk import plan_for
from projections.models_side import Base
from projections.store import ensure_database
from projections.wiring import tables_of

_BULK = ("PRAGMA synchronous=OFF", "PRAGMA cache_size=-65536")  # KiB: the pages in hand stay


@dataclass
class Target:
    """An engine on the rebuilt database and the tables whose indexes wait."""

    engine: Engine
    rebuilt: list[Table]
    new_sqlite_file: bool

    def build_indexes(self) -> None:
        """Build the indexes the rebuilt tables were created without (those missing)."""
        with self.engine.begin() as conn:
            for table in self.rebuilt:
                for index in sorted(table.indexes, key=lambda i: str(i.name)):
                    conn.execute(CreateIndex(index, if_not_exists=True))

    def finish(self) -> None:
        """Build the indexes still missing; give a new SQLite file its write-ahead log."""
        self.build_indexes()
        if self.new_sqlite_file:
            with self.engine.connect() as conn:
                conn.exec_driver_sql(WAL)


def open_target(url: str, projections: set[str]) -> Target:
    """Create the database when missing, and empty the tables of ``projections`` (every
    other read model is created if missing and left as it is)."""
    new = ensure_database(url)
    engine = create_engine(url, pool_pre_ping=True)
    sqlite = engine.dialect.name == "sqlite"
    pragmas = (_new_sqlite if new else _sqlite) if sqlite else _postgres
    event.listen(engine, "connect", pragmas)
    rebuilt = [Base.metadata.tables[name] for name in tables_of(projections)]
    with engine.begin() as conn:
        if new:
            _create(conn, Base.metadata.sorted_tables, rebuilt)
        else:
            _recreate(conn, rebuilt, projections)
    for table in [*rebuilt, Base.metadata.tables["projection_positions"]]:
        plan_for(engine.dialect, table.name)  # compiled while the reader starts up
    return Target(engine, rebuilt, new and sqlite)


def _create(conn: Connection, tables: Iterable[Table], bare: list[Table]) -> None:
    """Create ``tables`` in an empty database, those in ``bare`` without their indexes."""
    for table in tables:
        conn.execute(CreateTable(table))
        if table not in bare:
            for index in table.indexes:
                conn.execute(CreateIndex(index))


def _recreate(conn: Connection, rebuilt: list[Table], projections: set[str]) -> None:
    """Drop and create the rebuilt tables (bare) and their positions; add missing tables."""
    Base.metadata.drop_all(conn, tables=rebuilt)
    _create(conn, rebuilt, rebuilt)
    Base.metadata.create_all(conn)
    positions = Base.metadata.tables["projection_positions"]
    conn.execute(positions.delete().where(positions.c.projection.in_(sorted(projections))))


def _new_sqlite(connection: Any, record: Any) -> None:
    execute_all(connection, "PRAGMA page_size=16384", "PRAGMA cache_spill=OFF")
    execute_all(connection, BUSY, *_BULK)


def _sqlite(connection: Any, record: Any) -> None:
    execute_all(connection, WAL, BUSY, *_BULK)


def _postgres(connection: Any, record: Any) -> None:
    # Tables rebuilt from empty have no statistics yet, so the planner may scan them whole
    # for every key lookup of a batch; every lookup here has an index to use instead.
    execute_all(connection, "SET synchronous_commit TO OFF", "SET enable_seqscan TO OFF")
    connection.commit()


def read_engine(url: str) -> Engine:
    """An engine for the fold's few reads of the database a writer process rebuilds (no
    journal mode set: that is the writer's)."""
    engine = create_engine(url, pool_pre_ping=True)
    pragmas = _sqlite_reads if engine.dialect.name == "sqlite" else _postgres
    event.listen(engine, "connect", pragmas)
    return engine


def _sqlite_reads(connection: Any, record: Any) -> None:
    execute_all(connection, BUSY)
