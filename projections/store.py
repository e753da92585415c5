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

from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from jiesu.pragmas import BUSY, WAL, on_connect
from jiesu.tables import create_tables
from projections.models import Petition, TimelineEntry
from projections.models_side import Base


@cache
def engine_for(url: str) -> Engine:
    """One pooled engine per URL; SQLite gets WAL and a busy timeout (readers + a writer)."""
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        on_connect(engine, WAL, BUSY)
    return engine


def session_factory(url: str) -> sessionmaker[Session]:
    """Sessions on the read models at ``url`` (no expiry on commit: rows are read-only)."""
    return sessionmaker(engine_for(url), expire_on_commit=False)


def ensure_database(url: str) -> bool:
    """Create the database of ``url`` when missing (for SQLite, the file's directory);
    True when it did not exist (an SQLite file that is absent or empty counts as new)."""
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database)
        path.parent.mkdir(parents=True, exist_ok=True)
        return not path.exists() or path.stat().st_size == 0
    if not parsed.drivername.startswith("postgresql") or not parsed.database:
        return False
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
    return found is None


def create_schema(url: str) -> None:
    """Create every read-model table and index that does not exist yet (a replay that did
    not finish may have left rebuilt tables without their indexes: see
    :mod:`projections.target`)."""
    engine = engine_for(url)
    create_tables(Base.metadata, engine)
    for table in Base.metadata.sorted_tables:
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            index.create(engine, checkfirst=True)


def prepare(url: str) -> None:
    """Make the database and its tables exist."""
    ensure_database(url)
    create_schema(url)


def get_petition(session: Session, petition_id: str) -> Petition | None:
    """One petition's current state, or None."""
    return session.get(Petition, petition_id)


def get_timeline(session: Session, petition_id: str) -> Sequence[TimelineEntry]:
    """Every event of a petition in log order (the audit trail)."""
    stmt = select(TimelineEntry).where(TimelineEntry.petition_id == petition_id)
    return session.scalars(stmt.order_by(TimelineEntry.seq)).all()
