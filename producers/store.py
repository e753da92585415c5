"""The intake's own memory: which channel references were accepted, which nonces were seen.

A reference is written only after the broker acknowledged its event, so the table never
claims a petition the log does not hold. The reverse (published, not yet written) can happen
when the process dies in between; the retry then publishes the same deterministic event id
again, which every consumer ignores.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    create_engine,
    delete,
    insert,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.dml import Insert

from jiesu.domain.events import PetitionReceived
from jiesu.pragmas import BUSY, WAL, on_connect
from jiesu.tables import create_tables

metadata = MetaData()

accepted = Table(
    "intake_accepted",
    metadata,
    Column("channel", String(32), primary_key=True),
    Column("channel_ref", String(200), primary_key=True),
    Column("petition_id", String(64), nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("kafka_partition", Integer, nullable=False),
    Column("kafka_offset", BigInteger, nullable=False),
    Column("accepted_at", DateTime(timezone=True), nullable=False),
)

nonces = Table(
    "intake_nonces",
    metadata,
    Column("nonce", String(128), primary_key=True),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)


_KNOWN = (
    select(accepted.c.channel_ref, accepted.c.petition_id)
    .where(accepted.c.channel == bindparam("channel"))
    .where(accepted.c.channel_ref.in_(bindparam("refs", expanding=True)))
)
"""Per channel, so the lookup uses the key's index and the statement compiles once."""


def _insert_new(dialect: str) -> Insert:
    """INSERT that skips rows whose reference exists (both dialects say ON CONFLICT)."""
    if dialect == "postgresql":
        return postgresql.insert(accepted).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(accepted).on_conflict_do_nothing()
    raise ValueError(f"the intake ledger supports PostgreSQL and SQLite, not {dialect}")


def intake_engine(url: str) -> Engine:
    """The ledger's engine. On SQLite: WAL, so the dashboard's and projector's readers never
    block a commit, and ``synchronous=NORMAL``, so a commit is not an fsync. A ledger row
    lost to a power cut only makes a retried petition publish its same event id again,
    which every consumer already ignores (see the module docstring)."""
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        on_connect(engine, WAL, "PRAGMA synchronous=NORMAL", BUSY)
    return engine


class IntakeStore:
    """Accepted references and seen nonces, in the service's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create_tables(metadata, engine)

    def known(self, refs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Petition ids of the (channel, channel_ref) pairs already accepted."""
        by_channel: dict[str, set[str]] = defaultdict(set)
        for channel, ref in refs:
            by_channel[channel].add(ref)
        found: dict[tuple[str, str], str] = {}
        with self.engine.connect() as conn:
            for channel, wanted in by_channel.items():
                ordered = sorted(wanted)
                for chunk in (ordered[i : i + 200] for i in range(0, len(ordered), 200)):
                    rows = conn.execute(_KNOWN, {"channel": channel, "refs": chunk})
                    found.update({(channel, ref): petition_id for ref, petition_id in rows})
        return found

    def record(self, events: list[tuple[PetitionReceived, tuple[int, int]]], at: datetime) -> None:
        """Remember acknowledged events in one transaction; a reference recorded meanwhile
        (by another intake process) is left as it is."""
        rows = [
            {
                "channel": event.channel.value,
                "channel_ref": event.channel_ref,
                "petition_id": event.petition_id,
                "event_id": event.event_id,
                "kafka_partition": partition,
                "kafka_offset": offset,
                "accepted_at": at,
            }
            for event, (partition, offset) in events
        ]
        if rows:
            with self.engine.begin() as conn:
                conn.execute(_insert_new(self.engine.dialect.name), rows)

    def first_sight_of_nonce(self, nonce: str, now: datetime, window: timedelta) -> bool:
        """Record ``nonce``; False when it was already used inside the window (a replay)."""
        with self.engine.begin() as conn:
            conn.execute(delete(nonces).where(nonces.c.seen_at < now - window))
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(nonces).values(nonce=nonce, seen_at=now))
        except IntegrityError:
            return False
        return True
