"""城市总览: volumes, the three rates, SLA compliance, backlog ageing and hot communities.

Volumes by day, channel, category, street and community and the rates' parts come from
``daily_stats``; hours and backlog ageing need each petition's time, so they come from
``petitions``; breaches by kind from ``sla_breaches``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, case, func, select

from jiesu.domain.events import Status
from projections.models import Petition
from projections.models_side import DailyStats, SlaBreach
from projections.queries.common import BEIJING, iso, now_of, utc
from projections.queries.labels import Labels
from projections.queries.rates import rates_of, sla_of

DONE = (Status.RESOLVED.value, Status.CLOSED.value)
AGE_BUCKETS: tuple[tuple[str, float], ...] = (
    ("1天内", 1),
    ("1–3天", 3),
    ("3–7天", 7),
    ("7天以上", float("inf")),
)
HOT = 10
COUNTERS: tuple[str, ...] = (
    "received",
    "routed",
    "accepted",
    "responded_in_time",
    "resolved",
    "resolved_in_time",
    "closed",
    "satisfied",
    "unsatisfied",
    "breaches",
)


@dataclass(frozen=True)
class OverviewFilter:
    """Restrict the overview to one street and/or a range of days (Beijing dates)."""

    street: str | None = None
    day_from: str | None = None
    day_to: str | None = None


def overview(engine: Engine, labels: Labels, where: OverviewFilter) -> dict[str, Any]:
    """Everything the overview page shows, in one read transaction."""
    with engine.connect() as conn:
        now = now_of(conn)
        totals = _totals(conn, where)
        result: dict[str, Any] = {
            "as_of": iso(now),
            "total": totals["received"],
            "open": _open(conn, where),
            "rates": rates_of(totals),
            "sla": {**sla_of(totals), "open_breached": _open_breached(conn, where)},
            "breaches_by_kind": _breaches_by_kind(conn, where),
            "by_day": _by(conn, DailyStats.day, where, None, order_by_key=True),
            "by_channel": _by(conn, DailyStats.channel, where, None),
            "by_category": _by(conn, DailyStats.category, where, labels.category),
            "by_street": _by(conn, DailyStats.street, where, labels.area),
            "by_hour": _by_hour(conn, where, now),
            "ageing": _ageing(conn, where, now),
            "hot_communities": _hot(conn, where, labels),
        }
    return result


def _stats_filter(where: OverviewFilter) -> list[Any]:
    clauses = []
    if where.street:
        clauses.append(DailyStats.street == where.street)
    if where.day_from:
        clauses.append(DailyStats.day >= where.day_from)
    if where.day_to:
        clauses.append(DailyStats.day <= where.day_to)
    return clauses


def _petition_filter(where: OverviewFilter) -> list[Any]:
    clauses = []
    if where.street:
        clauses.append(Petition.street == where.street)
    if where.day_from:
        clauses.append(Petition.received_day >= where.day_from)
    if where.day_to:
        clauses.append(Petition.received_day <= where.day_to)
    return clauses


def _totals(conn: Connection, where: OverviewFilter) -> dict[str, int]:
    columns = [func.coalesce(func.sum(getattr(DailyStats, c)), 0) for c in COUNTERS]
    row = conn.execute(select(*columns).where(*_stats_filter(where))).one()
    return {name: int(value) for name, value in zip(COUNTERS, row, strict=True)}


def _by(
    conn: Connection, column: Any, where: OverviewFilter, name: Any, order_by_key: bool = False
) -> list[dict[str, Any]]:
    count = func.sum(DailyStats.received)
    stmt = select(column, count).where(*_stats_filter(where)).group_by(column)
    stmt = stmt.order_by(column) if order_by_key else stmt.order_by(count.desc(), column)
    return [
        {"key": key, "label": (name(key) if name else key) or "未知", "count": int(n)}
        for key, n in conn.execute(stmt)
        if n
    ]


def _open(conn: Connection, where: OverviewFilter) -> int:
    stmt = select(func.count()).where(Petition.status.not_in(DONE), *_petition_filter(where))
    return int(conn.execute(stmt).scalar() or 0)


def _open_breached(conn: Connection, where: OverviewFilter) -> int:
    clauses = [Petition.status.not_in(DONE), Petition.breached.is_(True)]
    stmt = select(func.count()).where(*clauses, *_petition_filter(where))
    return int(conn.execute(stmt).scalar() or 0)


def _breaches_by_kind(conn: Connection, where: OverviewFilter) -> list[dict[str, Any]]:
    names = {"RESPONSE": "签收超时", "RESOLUTION": "办结超时", "REPORT": "报到超时"}
    clauses = [SlaBreach.street == where.street] if where.street else []
    stmt = select(SlaBreach.kind, func.count()).where(*clauses).group_by(SlaBreach.kind)
    rows = conn.execute(stmt.order_by(SlaBreach.kind))
    return [{"key": k, "label": names.get(k, k), "count": int(n)} for k, n in rows]


def _received_since(conn: Connection, where: OverviewFilter, since: datetime) -> list[datetime]:
    clauses = [Petition.received_at >= since, *_petition_filter(where)]
    moments = conn.execute(select(Petition.received_at).where(*clauses)).scalars()
    return [m for m in (utc(x) for x in moments) if m is not None]


def _by_hour(conn: Connection, where: OverviewFilter, now: datetime | None) -> list[dict[str, Any]]:
    """The 24 hours up to "now", in Beijing time, oldest first."""
    if now is None:
        return []
    top = now.astimezone(BEIJING).replace(minute=0, second=0, microsecond=0)
    hours = [top - timedelta(hours=h) for h in range(23, -1, -1)]
    counts = dict.fromkeys(hours, 0)
    for moment in _received_since(conn, where, hours[0]):
        hour = moment.astimezone(BEIJING).replace(minute=0, second=0, microsecond=0)
        if hour in counts:
            counts[hour] += 1
    return [
        {"key": h.isoformat(), "label": h.strftime("%m-%d %H时"), "count": n}
        for h, n in counts.items()
    ]


def _ageing(conn: Connection, where: OverviewFilter, now: datetime | None) -> list[dict[str, Any]]:
    """Open petitions by how long ago they were received."""
    counts = dict.fromkeys((name for name, _ in AGE_BUCKETS), 0)
    stmt = select(Petition.received_at).where(
        Petition.status.not_in(DONE), *_petition_filter(where)
    )
    for received in conn.execute(stmt).scalars():
        moment = utc(received)
        if now is None or moment is None:
            continue
        days = (now - moment).total_seconds() / 86400
        counts[next(name for name, limit in AGE_BUCKETS if days < limit)] += 1
    return [{"key": name, "label": name, "count": n} for name, n in counts.items()]


def _hot(conn: Connection, where: OverviewFilter, labels: Labels) -> list[dict[str, Any]]:
    """The communities with the most petitions, with how many are still open."""
    open_ = func.sum(case((Petition.status.not_in(DONE), 1), else_=0))
    stmt = (
        select(Petition.community, Petition.street, func.count(), open_)
        .where(Petition.community.is_not(None), *_petition_filter(where))
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
