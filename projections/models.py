"""The core read models: a petition's current state, its timeline, and bookkeeping.

SQLAlchemy 2.0 declarative tables that run on SQLite and PostgreSQL alike. Datetimes are
stored as UTC; SQLite hands them back naive, so readers treat a naive value as UTC.
Personal data never lands here: the petitioner's phone only in its masked form, no name,
no openid, no petitioner key.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Float, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Moment = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Petition(Base):
    """One petition as it stands now (the intake reads it through ``projections.intake_reads``)."""

    __tablename__ = "petitions"

    petition_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    channel: Mapped[str | None] = mapped_column(String(16), index=True)
    channel_ref: Mapped[str | None] = mapped_column(String(200), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    phone_masked: Mapped[str | None] = mapped_column(String(20))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    category: Mapped[str | None] = mapped_column(String(40), index=True)
    category_source: Mapped[str | None] = mapped_column(String(16))
    suggested_category: Mapped[str | None] = mapped_column(String(40))
    sla_tier: Mapped[str | None] = mapped_column(String(16))
    emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    district: Mapped[str | None] = mapped_column(String(80))
    street: Mapped[str | None] = mapped_column(String(80), index=True)
    community: Mapped[str | None] = mapped_column(String(80), index=True)
    compound: Mapped[str | None] = mapped_column(String(80))
    grid: Mapped[str | None] = mapped_column(String(80))
    address: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(120), index=True)
    level: Mapped[str | None] = mapped_column(String(16))
    departments: Mapped[str | None] = mapped_column(Text)
    co_handler: Mapped[str | None] = mapped_column(String(80))
    responsible: Mapped[str | None] = mapped_column(String(160))
    responsible_role: Mapped[str | None] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(Text)
    route_rule: Mapped[str | None] = mapped_column(String(60))
    route_reason: Mapped[str | None] = mapped_column(Text)
    whistle_id: Mapped[str | None] = mapped_column(String(36))
    pending_departments: Mapped[str | None] = mapped_column(Text)
    response_deadline: Mapped[datetime | None] = mapped_column(Moment)
    resolution_deadline: Mapped[datetime | None] = mapped_column(Moment)
    first_resolution_deadline: Mapped[datetime | None] = mapped_column(Moment)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    breached: Mapped[bool] = mapped_column(Boolean, default=False)
    breach_count: Mapped[int] = mapped_column(Integer, default=0)
    escalation_count: Mapped[int] = mapped_column(Integer, default=0)
    return_count: Mapped[int] = mapped_column(Integer, default=0)
    repeat_of: Mapped[str | None] = mapped_column(String(36))
    group_id: Mapped[str | None] = mapped_column(String(36), index=True)
    lead_petition_id: Mapped[str | None] = mapped_column(String(36), index=True)
    satisfaction: Mapped[str | None] = mapped_column(String(24))
    unreachable: Mapped[bool] = mapped_column(Boolean, default=False)
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[str | None] = mapped_column(Text)
    received_day: Mapped[str | None] = mapped_column(String(10), index=True)
    received_at: Mapped[datetime | None] = mapped_column(Moment, index=True)
    routed_at: Mapped[datetime | None] = mapped_column(Moment)
    accepted_at: Mapped[datetime | None] = mapped_column(Moment)
    responded_in_time: Mapped[bool | None] = mapped_column(Boolean)
    resolved_at: Mapped[datetime | None] = mapped_column(Moment)
    resolved_in_time: Mapped[bool | None] = mapped_column(Boolean)
    closed_at: Mapped[datetime | None] = mapped_column(Moment)
    updated_at: Mapped[datetime | None] = mapped_column(Moment)
    last_event_id: Mapped[str | None] = mapped_column(String(36))


class TimelineEntry(Base):
    """Every event of every petition in log order (全程留痕), personal data redacted.

    ``outcome`` is ``applied``, ``refused`` (the state machine said no; ``refusal`` says
    why; nothing else changed) or ``neutral`` (never changes a status: SLA, links, ...).
    """

    __tablename__ = "petition_timeline"

    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    petition_id: Mapped[str] = mapped_column(String(36), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    event_type: Mapped[str] = mapped_column(String(40))
    event_time: Mapped[datetime] = mapped_column(Moment)
    recorded_time: Mapped[datetime] = mapped_column(Moment)
    actor: Mapped[str] = mapped_column(String(120))
    outcome: Mapped[str] = mapped_column(String(10))
    refusal: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[str] = mapped_column(Text)
    log_partition: Mapped[int] = mapped_column(Integer)
    log_offset: Mapped[int] = mapped_column(BigInteger)


class Position(Base):
    """Where a projection stands in a partition: the next offset to apply (bookkeeping).

    Written in the same transaction as the projection's changes, so a restart resumes
    exactly where the last commit left off.
    """

    __tablename__ = "projection_positions"

    projection: Mapped[str] = mapped_column(String(40), primary_key=True)
    topic: Mapped[str] = mapped_column(String(200), primary_key=True)
    partition: Mapped[int] = mapped_column(Integer, primary_key=True)
    next_offset: Mapped[int] = mapped_column(BigInteger)
    now: Mapped[datetime | None] = mapped_column(Moment)


class OutboxEntry(Base):
    """A committed change waiting for the change feed (deleted once the broker acked)."""

    __tablename__ = "projection_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200))
    value: Mapped[str] = mapped_column(Text)
