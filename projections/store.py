"""Opening the read-model database: engines, sessions, the schema, and a few lookups.

Readers (the dashboard, the intake) call :func:`session_factory` with
``settings.database_url``; blue/green switching is a settings-level alias: rebuild into a
fresh database with ``jiesu replay --db NEW`` and, once it caught up, point the readers'
``DATABASE_URL`` at ``NEW`` (and the live projector too), then drop the old database.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from projections.models import Petition, TimelineEntry
from projections.models_side import Base
from projections.wiring import tables_of


@cache
def engine_for(url: str) -> Engine:
    """One pooled engine per URL; SQLite gets WAL and a busy timeout (readers + a writer)."""
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection: Any, record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def bulk_engine(url: str) -> Engine:
    """An engine for a rebuild (`jiesu replay`): commits are not flushed to disk one by one.

    A crash mid-rebuild loses at most a rebuilt database that was not in use yet: the
    replay is simply run again. Each transaction is still atomic."""
    engine = create_engine(url, pool_pre_ping=True)
    pragmas = _sqlite_bulk if engine.dialect.name == "sqlite" else _postgres_bulk
    event.listen(engine, "connect", pragmas)
    return engine


def _sqlite_bulk(connection: Any, record: Any) -> None:
    _sqlite_pragmas(connection, record)
    cursor = connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.execute("PRAGMA cache_size=-65536")  # KiB: the rebuilt indexes stay in memory
    cursor.close()


def _postgres_bulk(connection: Any, record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("SET synchronous_commit TO OFF")
    # Tables rebuilt from empty have no statistics yet, so the planner may scan them whole
    # for every key lookup of a batch; every lookup here has an index to use instead.
    cursor.execute("SET enable_seqscan TO OFF")
    cursor.close()
    connection.commit()


def session_factory(url: str) -> sessionmaker[Session]:
    """Sessions on the read models at ``url`` (no expiry on commit: rows are read-only)."""
    return sessionmaker(engine_for(url), expire_on_commit=False)


def ensure_database(url: str) -> None:
    """Create the database of ``url`` when missing (for SQLite, the file's directory)."""
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    if not parsed.drivername.startswith("postgresql") or not parsed.database:
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            found = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
            ).first()
            if found is None:
                conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    finally:
        admin.dispose()


def create_schema(url: str) -> None:
    """Create every read-model table that does not exist yet."""
    Base.metadata.create_all(engine_for(url))


def prepare(url: str, rebuild: set[str] | None = None) -> None:
    """Make the database and its tables exist; drop and recreate ``rebuild``'s tables."""
    ensure_database(url)
    create_schema(url)
    if rebuild:
        drop_projections(url, rebuild)


def drop_projections(url: str, projections: set[str]) -> None:
    """Drop the tables of ``projections`` and their positions, to rebuild them."""
    engine = engine_for(url)
    tables = [Base.metadata.tables[name] for name in tables_of(projections)]
    Base.metadata.drop_all(engine, tables=tables)
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        positions = Base.metadata.tables["projection_positions"]
        conn.execute(positions.delete().where(positions.c.projection.in_(sorted(projections))))


def get_petition(session: Session, petition_id: str) -> Petition | None:
    """One petition's current state, or None."""
    return session.get(Petition, petition_id)


def get_timeline(session: Session, petition_id: str) -> Sequence[TimelineEntry]:
    """Every event of a petition in log order (the audit trail)."""
    stmt = select(TimelineEntry).where(TimelineEntry.petition_id == petition_id)
    return session.scalars(stmt.order_by(TimelineEntry.seq)).all()
