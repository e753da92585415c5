"""The overview's parts that need each petition's own times: the hours of the latest day, backlog
ageing, open and overdue counts, hot communities and the newest petitions (``petitions``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, case, func, select

from jiesu.domain.access import Scope
from jiesu.domain.chinatime import CHINA as BEIJING
from jiesu.domain.reporting import DONE_VALUES as DONE
from projections.models import Petition
from projections.queries import scope as scoped
from projections.queries.common import utc
from projections.queries.groups import not_a_member, with_sizes
from projections.queries.labels import Labels
from projections.queries.petitions import summary_of

AGE_BUCKETS: tuple[tuple[str, float], ...] = (
    ("4小时内", 4 / 24),
    ("4–12小时", 0.5),
    ("12–24小时", 1),
    ("24–36小时", 1.5),
    ("36–48小时", 2),
    ("2–3天", 3),
    ("3–7天", 7),
    ("7天以上", float("inf")),
)
"""Hours first, up to two days: a command centre watches the age of yesterday's and today's
backlog, not only last week's."""
HOT = 10
LATEST = 10


@dataclass(frozen=True, kw_only=True)
class OverviewFilter:
    """The viewer's scope, and optionally one street and/or a range of days (Beijing)."""

    scope: Scope
    street: str | None = None
    day_from: str | None = None
    day_to: str | None = None


def petition_filter(where: OverviewFilter) -> list[Any]:
    clauses = scoped.petitions(where.scope)
    if where.street:
        clauses.append(Petition.street == where.street)
    if where.day_from:
        clauses.append(Petition.received_day >= where.day_from)
    if where.day_to:
        clauses.append(Petition.received_day <= where.day_to)
    return clauses


def open_count(conn: Connection, where: OverviewFilter) -> int:
    stmt = select(func.count()).where(Petition.status.not_in(DONE), *petition_filter(where))
    return int(conn.execute(stmt).scalar() or 0)


def open_breached(conn: Connection, where: OverviewFilter) -> int:
    clauses = [Petition.status.not_in(DONE), Petition.breached.is_(True)]
    stmt = select(func.count()).where(*clauses, *petition_filter(where))
    return int(conn.execute(stmt).scalar() or 0)


def by_hour(conn: Connection, where: OverviewFilter) -> tuple[str | None, list[dict[str, Any]]]:
    """The 24 hours (Beijing) of the latest day anything was received in the viewer's scope:
    the simulated day of a demo, the day being worked on live; never the wall clock's."""
    stmt = select(func.max(Petition.received_at)).where(*petition_filter(where))
    latest = utc(conn.execute(stmt).scalar())
    if latest is None:
        return None, []
    start = latest.astimezone(BEIJING).replace(hour=0, minute=0, second=0, microsecond=0)
    counts = [0] * 24
    clauses = [Petition.received_at >= start, Petition.received_at < start + timedelta(days=1)]
    for moment in conn.execute(
        select(Petition.received_at).where(*clauses, *petition_filter(where))
    ).scalars():
        received = utc(moment)
        if received is not None:
            counts[received.astimezone(BEIJING).hour] += 1
    hours = [{"key": h, "label": f"{h:02d}时", "count": n} for h, n in enumerate(counts)]
    return start.date().isoformat(), hours


def ageing(conn: Connection, where: OverviewFilter, now: datetime | None) -> list[dict[str, Any]]:
    """Open petitions by how long ago they were received."""
    counts = dict.fromkeys((name for name, _ in AGE_BUCKETS), 0)
    stmt = select(Petition.received_at).where(Petition.status.not_in(DONE), *petition_filter(where))
    for received in conn.execute(stmt).scalars():
        moment = utc(received)
        if now is None or moment is None:
            continue
        days = (now - moment).total_seconds() / 86400
        counts[next(name for name, limit in AGE_BUCKETS if days < limit)] += 1
    return [{"key": name, "label": name, "count": n} for name, n in counts.items()]


def hot(conn: Connection, where: OverviewFilter, labels: Labels) -> list[dict[str, Any]]:
    """The communities with the most petitions, with how many are still open."""
    open_ = func.sum(case((Petition.status.not_in(DONE), 1), else_=0))
    stmt = (
        select(Petition.community, Petition.street, func.count(), open_)
        .where(Petition.community.is_not(None), *petition_filter(where))
        .group_by(Petition.community, Petition.street)
        .order_by(func.count().desc(), Petition.community)
        .limit(HOT)
    )
    return [
        {
            "key": community,
            "label": labels.area(community),
            "street": street,
            "street_label": labels.area(street),
            "count": int(n),
            "open": int(o or 0),
        }
        for community, street, n, o in conn.execute(stmt)
    ]


def latest(conn: Connection, where: OverviewFilter, labels: Labels) -> list[dict[str, Any]]:
    """The newest petitions, so a new one is seen arriving (a group case as its lead)."""
    stmt = (
        select(Petition.__table__)
        .where(*petition_filter(where), not_a_member())
        .order_by(Petition.received_at.desc(), Petition.petition_id)
        .limit(LATEST)
    )
    return with_sizes(conn, [summary_of(row, labels) for row in conn.execute(stmt).mappings()])
