"""The read models beside the petitions: statistics, scorecards, breaches, whistles, links.

Key columns never hold NULL (PostgreSQL forbids it in primary keys): a dimension that is
not known yet, such as the category of an unclassified petition, is the empty string.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from projections.models import Base, Moment


class DailyStats(Base):
    """Counters of the petitions *received* on ``day`` (Asia/Shanghai), by their current
    state; see :mod:`projections.stats` for each counter and the three rates."""

    __tablename__ = "daily_stats"

    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    street: Mapped[str] = mapped_column(String(80), primary_key=True)
    community: Mapped[str] = mapped_column(String(80), primary_key=True)
    received: Mapped[int] = mapped_column(Integer, default=0)
    routed: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    responded_in_time: Mapped[int] = mapped_column(Integer, default=0)
    resolved: Mapped[int] = mapped_column(Integer, default=0)
    on_time: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[int] = mapped_column(Integer, default=0)
    satisfied: Mapped[int] = mapped_column(Integer, default=0)
    unsatisfied: Mapped[int] = mapped_column(Integer, default=0)
    unreachable: Mapped[int] = mapped_column(Integer, default=0)
    breaches: Mapped[int] = mapped_column(Integer, default=0)
    emergencies: Mapped[int] = mapped_column(Integer, default=0)
    reopened: Mapped[int] = mapped_column(Integer, default=0)


class UnitScorecard(Base):
    """What each handling unit (``grid:…``, ``street:…``, ``dept:…``) was given and did."""

    __tablename__ = "unit_scorecards"

    unit: Mapped[str] = mapped_column(String(120), primary_key=True)
    level: Mapped[str] = mapped_column(String(16))
    assigned: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    accepted_in_time: Mapped[int] = mapped_column(Integer, default=0)
    returned: Mapped[int] = mapped_column(Integer, default=0)
    escalated_away: Mapped[int] = mapped_column(Integer, default=0)
    resolved: Mapped[int] = mapped_column(Integer, default=0)
    resolved_in_time: Mapped[int] = mapped_column(Integer, default=0)
    satisfied: Mapped[int] = mapped_column(Integer, default=0)
    unsatisfied: Mapped[int] = mapped_column(Integer, default=0)
    breaches: Mapped[int] = mapped_column(Integer, default=0)
    summoned: Mapped[int] = mapped_column(Integer, default=0)
    reported: Mapped[int] = mapped_column(Integer, default=0)


class SlaBreach(Base):
    """One missed deadline (sign-for, resolution or a department's report)."""

    __tablename__ = "sla_breaches"

    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    petition_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    deadline: Mapped[datetime] = mapped_column(Moment)
    breached_at: Mapped[datetime] = mapped_column(Moment, index=True)
    unit: Mapped[str] = mapped_column(String(120), index=True)
    level: Mapped[str] = mapped_column(String(16))
    department: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[str | None] = mapped_column(String(40))
    street: Mapped[str | None] = mapped_column(String(80))
    community: Mapped[str | None] = mapped_column(String(80))


class Whistle(Base):
    """One whistle (吹哨) to a street office; ``open`` until the petition is resolved."""

    __tablename__ = "whistles"

    whistle_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    petition_id: Mapped[str] = mapped_column(String(36), index=True)
    street: Mapped[str] = mapped_column(String(120), index=True)
    category: Mapped[str | None] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    blown_at: Mapped[datetime] = mapped_column(Moment)
    report_by: Mapped[datetime] = mapped_column(Moment)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    departments: Mapped[int] = mapped_column(Integer, default=0)
    reported: Mapped[int] = mapped_column(Integer, default=0)
    open: Mapped[bool] = mapped_column(Boolean, default=True)
    blown_by: Mapped[str | None] = mapped_column(String(120))


class WhistleDepartment(Base):
    """A department summoned by a whistle: reported (报到) or not, overdue or not."""

    __tablename__ = "whistle_departments"

    whistle_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    department: Mapped[str] = mapped_column(String(40), primary_key=True)
    report_by: Mapped[datetime] = mapped_column(Moment)
    reported_at: Mapped[datetime | None] = mapped_column(Moment)
    note: Mapped[str | None] = mapped_column(Text)
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)


class Repeat(Base):
    """The special-handling list (重难点诉求处置清单): petitions raised again."""

    __tablename__ = "repeats"

    petition_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    repeat_of: Mapped[str | None] = mapped_column(String(36), index=True)
    flagged_at: Mapped[datetime] = mapped_column(Moment)
    category: Mapped[str | None] = mapped_column(String(40))
    street: Mapped[str | None] = mapped_column(String(80))
    community: Mapped[str | None] = mapped_column(String(80))


class PetitionLink(Base):
    """A petition's membership in a group case, repeat chain or duplicate set."""

    __tablename__ = "petition_links"

    group_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    petition_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    reason: Mapped[str] = mapped_column(Text)
    linked_at: Mapped[datetime] = mapped_column(Moment)
    members: Mapped[int] = mapped_column(Integer)
