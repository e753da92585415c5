"""城市总览: volumes, the three rates, SLA compliance, backlog ageing and hot communities.

Volumes by day, channel, category, street and community and the rates' parts come from
``daily_stats``; hours and backlog ageing need each petition's time, so they come from
``petitions``; breaches by kind from ``sla_breaches``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, func, select

from projections.models_side import DailyStats, SlaBreach
from projections.queries import backlog
from projections.queries.backlog import OverviewFilter
from projections.queries.common import iso, now_of
from projections.queries.labels import Labels
from projections.queries.rates import callbacks_of, rates_of, sla_of
from projections.stats import COUNTERS


def overview(engine: Engine, labels: Labels, where: OverviewFilter) -> dict[str, Any]:
    """Everything the overview page shows, read on one connection."""
    with engine.connect() as conn:
        now = now_of(conn)
        totals = _totals(conn, where)
        result: dict[str, Any] = {
            "as_of": iso(now),
            "total": totals["received"],
            "open": backlog.open_count(conn, where),
            "rates": rates_of(totals),
            "sla": {**sla_of(totals), "open_breached": backlog.open_breached(conn, where)},
            "callbacks": callbacks_of(totals),
            "breaches_by_kind": _breaches_by_kind(conn, where),
            "by_day": _by(conn, DailyStats.day, where, None, order_by_key=True),
            "by_channel": _by(conn, DailyStats.channel, where, labels.channel),
            "by_category": _by(conn, DailyStats.category, where, labels.category),
            "by_street": _by(conn, DailyStats.street, where, labels.area),
            "by_community": _by(conn, DailyStats.community, where, labels.area),
            "by_hour": backlog.by_hour(conn, where, now),
            "ageing": backlog.ageing(conn, where, now),
            "hot_communities": backlog.hot(conn, where, labels),
            "latest": backlog.latest(conn, where, labels),
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


def _breaches_by_kind(conn: Connection, where: OverviewFilter) -> list[dict[str, Any]]:
    names = {"RESPONSE": "签收超时", "RESOLUTION": "办结超时", "REPORT": "报到超时"}
    clauses = [SlaBreach.street == where.street] if where.street else []
    stmt = select(SlaBreach.kind, func.count()).where(*clauses).group_by(SlaBreach.kind)
    rows = conn.execute(stmt.order_by(SlaBreach.kind))
    return [{"key": k, "label": names.get(k, k), "count": int(n)} for k, n in rows]
