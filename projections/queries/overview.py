"""城市总览: volumes, the three rates, SLA compliance, backlog ageing and hot communities.

Volumes by day, channel, category, street and community and the rates' parts come from
``daily_stats``; hours (of the latest day received, not the wall clock's) and backlog ageing
need each petition's time, so they come from ``petitions``; breaches by kind from
``sla_breaches``; the trend is ``daily_stats`` per day (:mod:`projections.queries.trends`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, func, select

from projections.models_side import DailyStats, SlaBreach
from projections.queries import backlog, cohort, trends
from projections.queries import scope as scoped
from projections.queries.backlog import OverviewFilter
from projections.queries.common import iso, now_of
from projections.queries.labels import Labels
from projections.queries.rates import callbacks_of, rates_of, sla_of
from projections.stats import COUNTERS


def overview(engine: Engine, labels: Labels, where: OverviewFilter) -> dict[str, Any]:
    """Everything the overview page shows, read on one connection."""
    source = _source(where)
    with engine.connect() as conn:
        now = now_of(conn)
        totals = _totals(conn, source)
        hour_day, by_hour = backlog.by_hour(conn, where)
        result: dict[str, Any] = {
            "as_of": iso(now),
            "total": totals["received"],
            "open": backlog.open_count(conn, where),
            "rates": rates_of(totals),
            "sla": {**sla_of(totals), "open_breached": backlog.open_breached(conn, where)},
            "callbacks": callbacks_of(totals),
            "breaches_by_kind": _breaches_by_kind(conn, where),
            "by_day": _by(conn, source, "day", None, order_by_key=True),
            "by_channel": _by(conn, source, "channel", labels.channel),
            "by_category": _by(conn, source, "category", labels.category),
            "by_street": _by(conn, source, "street", labels.area),
            "by_community": _by(conn, source, "community", labels.area),
            "by_hour": by_hour,
            "hour_day": hour_day,
            "trend": trends.trend(conn, source),
            "ageing": backlog.ageing(conn, where, now),
            "hot_communities": backlog.hot(conn, where, labels),
            "latest": backlog.latest(conn, where, labels),
        }
    return result


def _source(where: OverviewFilter) -> cohort.Source:
    """``daily_stats`` when the scope can be said there, else the petitions themselves."""
    in_scope = scoped.stats(where.scope)
    if in_scope is None:
        return cohort.from_petitions(backlog.petition_filter(where))
    clauses = list(in_scope)
    if where.street:
        clauses.append(DailyStats.street == where.street)
    if where.day_from:
        clauses.append(DailyStats.day >= where.day_from)
    if where.day_to:
        clauses.append(DailyStats.day <= where.day_to)
    return cohort.from_stats(clauses)


def _totals(conn: Connection, source: cohort.Source) -> dict[str, int]:
    row = conn.execute(select(*source.counters.values()).where(*source.clauses)).one()
    return {name: int(value) for name, value in zip(COUNTERS, row, strict=True)}


def _by(
    conn: Connection, source: cohort.Source, dimension: str, name: Any, order_by_key: bool = False
) -> list[dict[str, Any]]:
    column, count = source.dimensions[dimension], source.counters["received"]
    stmt = select(column, count).where(*source.clauses).group_by(column)
    stmt = stmt.order_by(column) if order_by_key else stmt.order_by(count.desc(), column)
    return [
        {"key": key, "label": (name(key) if name else key) or "未知", "count": int(n)}
        for key, n in conn.execute(stmt)
        if n
    ]


def _breaches_by_kind(conn: Connection, where: OverviewFilter) -> list[dict[str, Any]]:
    names = {"RESPONSE": "签收超时", "RESOLUTION": "办结超时", "REPORT": "报到超时"}
    clauses = scoped.breaches(where.scope)
    clauses += [SlaBreach.street == where.street] if where.street else []
    stmt = select(SlaBreach.kind, func.count()).where(*clauses).group_by(SlaBreach.kind)
    rows = conn.execute(stmt.order_by(SlaBreach.kind))
    return [{"key": k, "label": names.get(k, k), "count": int(n)} for k, n in rows]
