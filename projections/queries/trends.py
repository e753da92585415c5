"""Trends over days: each received day's cohort with its counters and its three rates.

``daily_stats`` (or the petitions, for a scope it cannot express) is already one row per
received day; summing each day's rows gives received, resolved, breaches and the parts of
the rates of :mod:`jiesu.domain.rates`. Days without petitions between the first and the
last are filled with zeros, so a gap shows as a gap rather than vanishing from the axis.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, select

from jiesu.domain import rates as defined
from projections.queries import cohort
from projections.stats import COUNTERS

MAX_DAYS = 92
"""A quarter: the wall shows recent weeks, not years (older days stay in the exports)."""


def trend(conn: Connection, source: cohort.Source) -> list[dict[str, Any]]:
    """Per received day, oldest first: received, resolved, breaches and the three rates."""
    day = source.dimensions["day"]
    stmt = (
        select(day, *source.counters.values())
        .where(*source.clauses)
        .group_by(day)
        .order_by(day.desc())
        .limit(MAX_DAYS)
    )
    rows = {
        str(key): dict(zip(COUNTERS, (int(v) for v in values), strict=True))
        for key, *values in conn.execute(stmt)
        if key
    }
    return [_point(d, rows.get(d, dict.fromkeys(COUNTERS, 0))) for d in _days(sorted(rows))]


def _days(known: list[str]) -> list[str]:
    if not known:
        return []
    first, last = date.fromisoformat(known[0]), date.fromisoformat(known[-1])
    return [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def _point(day: str, counters: dict[str, int]) -> dict[str, Any]:
    point: dict[str, Any] = {
        "day": day,
        "received": counters["received"],
        "resolved": counters["resolved"],
        "breaches": counters["breaches"],
    }
    for rate in defined.CITY:
        point[rate.key] = rate.value(counters)
    return point
