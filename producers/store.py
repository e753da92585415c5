"""The intake's own memory: which channel references were accepted, which nonces were seen.

A reference is written only after the broker acknowledged its event, so the table never
claims a petition the log does not hold. The reverse (published, not yet written) can happen
when the process dies in between; the retry then publishes the same deterministic event id
again, which every consumer ignores.
"""

from __future__ import annotations

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
    delete,
    insert,
    select,
    tuple_,
)
from sqlalchemy.exc import IntegrityError

from jiesu.domain.events import PetitionReceived

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


class IntakeStore:
    """Accepted references and seen nonces, in the service's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    def known(self, refs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Petition ids of the (channel, channel_ref) pairs already accepted."""
        pairs = list(set(refs))
        if not pairs:
            return {}
        found: dict[tuple[str, str], str] = {}
        with self.engine.connect() as conn:
            for chunk in (pairs[i : i + 200] for i in range(0, len(pairs), 200)):
                query = select(accepted.c.channel, accepted.c.channel_ref, accepted.c.petition_id)
                query = query.where(tuple_(accepted.c.channel, accepted.c.channel_ref).in_(chunk))
                found.update({(r[0], r[1]): r[2] for r in conn.execute(query)})
        return found

    def record(self, events: list[tuple[PetitionReceived, tuple[int, int]]], at: datetime) -> None:
        """Remember acknowledged events; a reference recorded meanwhile is left as it is."""
        for event, (partition, offset) in events:
            row = {
                "channel": event.channel.value,
                "channel_ref": event.channel_ref,
                "petition_id": event.petition_id,
                "event_id": event.event_id,
                "kafka_partition": partition,
                "kafka_offset": offset,
                "accepted_at": at,
            }
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(accepted).values(**row))
            except IntegrityError:
                continue

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
