"""The data keys of erasure in SQL (SQLite or PostgreSQL), beside the intake's ledger.

Two tables in ``DATABASE_URL`` (never in a read-model database, so a blue/green replay
keeps them): ``erasure_keys`` (subject → 32-byte key; deleting a row is the erasure) and
``erasure_petitions`` (petition → subject and its ``PetitionReceived`` event id, so that
``jiesu erase --petition`` finds the petitioner and the erasure event names the timeline
entry to blank). The index stays after an erasure: it holds no personal data, only keyed
hashes and ids. Another store (a compacted Kafka topic keyed by subject, a tombstone per
erasure) only has to answer :class:`jiesu.domain.erasure.KeyStore`'s two methods.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    LargeBinary,
    MetaData,
    String,
    Table,
    create_engine,
    delete,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from jiesu.domain.erasure import new_key
from jiesu.pragmas import BUSY, WAL, on_connect
from jiesu.tables import create_tables

metadata = MetaData()

keys_table = Table(
    "erasure_keys",
    metadata,
    Column("subject", String(80), primary_key=True),
    Column("data_key", LargeBinary(32), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

petitions_table = Table(
    "erasure_petitions",
    metadata,
    Column("petition_id", String(64), primary_key=True),
    Column("subject", String(80), nullable=False, index=True),
    Column("received_event_id", String(64), nullable=False),
    Column("phone_subject", String(80), nullable=True, index=True),
)

_CHUNK = 500


@dataclass(frozen=True)
class SealedPetition:
    """A petition whose personal fields are sealed under ``subject``'s key."""

    petition_id: str
    subject: str
    received_event_id: str
    phone_subject: str | None = None
    """The phone's keyed hash when the subject is another (a mini-program user's openid)."""


def key_engine(url: str) -> Engine:
    """An engine for the key store; WAL and a busy timeout on SQLite, as the ledger has."""
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        on_connect(engine, WAL, BUSY)
    return engine


def _insert_new(engine: Engine, table: Table) -> Insert:
    """INSERT that keeps the row already there (another intake process was first)."""
    if engine.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if engine.dialect.name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    raise ValueError(f"the key store supports PostgreSQL and SQLite, not {engine.dialect.name}")


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


class SqlKeyStore:
    """Data keys and the petition index, in one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create_tables(metadata, engine)

    def keys(self, subjects: Collection[str], *, create: bool = False) -> dict[str, bytes]:
        found = self._select(subjects)
        missing = [s for s in set(subjects) if s not in found]
        if create and missing:
            now = datetime.now(UTC)
            rows = [{"subject": s, "data_key": new_key(), "created_at": now} for s in missing]
            with self.engine.begin() as conn:
                conn.execute(_insert_new(self.engine, keys_table), rows)
            found |= self._select(missing)  # a concurrent writer's key wins: read it back
        return found

    def all_keys(self, limit: int) -> dict[str, bytes] | None:
        """Every key, when there are at most ``limit`` (a replay then asks once), else None."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(keys_table.c.subject, keys_table.c.data_key).limit(limit + 1)
            )
            found = {subject: bytes(key) for subject, key in rows}
        return found if len(found) <= limit else None

    def forget(self, subjects: Collection[str]) -> int:
        gone = 0
        with self.engine.begin() as conn:
            for chunk in _chunks(subjects):
                gone += conn.execute(
                    delete(keys_table).where(keys_table.c.subject.in_(chunk))
                ).rowcount
        return gone

    def remember(self, sealed: Sequence[SealedPetition]) -> None:
        """Index petitions by subject (a retried petition keeps its first row)."""
        if not sealed:
            return
        rows = [vars(s) for s in sealed]
        with self.engine.begin() as conn:
            conn.execute(_insert_new(self.engine, petitions_table), rows)

    def petitions_of(self, subjects: Collection[str]) -> list[SealedPetition]:
        """Every indexed petition sealed under one of ``subjects``, or whose phone has one
        of them as keyed hash, by petition id."""
        found: list[SealedPetition] = []
        t = petitions_table
        with self.engine.connect() as conn:
            for chunk in _chunks(subjects):
                query = select(*petitions_table.columns)
                either = t.c.subject.in_(chunk) | t.c.phone_subject.in_(chunk)
                found += [SealedPetition(*row) for row in conn.execute(query.where(either))]
        return sorted(found, key=lambda s: s.petition_id)

    def subject_of(self, petition_id: str) -> str | None:
        """The subject a petition is sealed under, None when it is not indexed."""
        t = petitions_table
        with self.engine.connect() as conn:
            return conn.execute(select(t.c.subject).where(t.c.petition_id == petition_id)).scalar()

    def _select(self, subjects: Collection[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        t = keys_table
        with self.engine.connect() as conn:
            for chunk in _chunks(subjects):
                rows = conn.execute(select(t.c.subject, t.c.data_key).where(t.c.subject.in_(chunk)))
                found.update({subject: bytes(key) for subject, key in rows})
        return found
