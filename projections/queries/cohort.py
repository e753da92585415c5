"""Where the overview's counters come from: ``daily_stats``, or the petitions themselves.

``daily_stats`` equals a GROUP BY over ``petitions`` (see :mod:`projections.stats`) but only
by day, channel, category, street and community. A scope it cannot express (a department's
petitions) is counted from ``petitions`` with the same definitions, written in SQL here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func

from jiesu.domain import reporting
from jiesu.domain.events import Satisfaction, Status
from projections.models import Petition
from projections.models_side import DailyStats
from projections.stats import COUNTERS

DIMENSIONS = ("day", "channel", "category", "street", "community")
_HAPPY = (Satisfaction.SATISFIED.value, Satisfaction.BASICALLY_SATISFIED.value)


@dataclass(frozen=True)
class Source:
    """Aggregates per counter, columns per dimension, and the clauses that select rows."""

    counters: dict[str, Any]
    dimensions: dict[str, Any]
    clauses: list[Any]


def from_stats(clauses: list[Any]) -> Source:
    counters = {c: func.coalesce(func.sum(getattr(DailyStats, c)), 0) for c in COUNTERS}
    dimensions = {d: getattr(DailyStats, d) for d in DIMENSIONS}
    return Source(counters, dimensions, clauses)


def from_petitions(clauses: list[Any]) -> Source:
    """The counters of :func:`projections.stats.contribution`, summed in SQL (on time as
    :func:`jiesu.domain.rates.on_time`: resolved, never breached, by the first deadline)."""
    resolved = Petition.status.in_(reporting.DONE_VALUES)
    expressions = {
        "received": func.count(),
        "routed": _count(Petition.routed_at.is_not(None)),
        "accepted": _count(Petition.accepted_at.is_not(None)),
        "responded_in_time": _count(Petition.responded_in_time.is_(True)),
        "resolved": _count(resolved),
        "on_time": _count(
            and_(
                resolved,
                Petition.breach_count == 0,
                reporting.meets(Petition.resolved_at, Petition.first_resolution_deadline),
            )
        ),
        "closed": _count(Petition.status == Status.CLOSED.value),
        "satisfied": _count(Petition.satisfaction.in_(_HAPPY)),
        "unsatisfied": _count(Petition.satisfaction == Satisfaction.UNSATISFIED.value),
        "unreachable": _count(Petition.unreachable.is_(True)),
        "breaches": func.coalesce(func.sum(Petition.breach_count), 0),
        "emergencies": _count(Petition.emergency.is_(True)),
        "reopened": _count(Petition.reopen_count > 0),
    }
    dimensions = {d: getattr(Petition, d) for d in DIMENSIONS if d != "day"}
    dimensions["day"] = Petition.received_day
    return Source({c: expressions[c] for c in COUNTERS}, dimensions, clauses)


def _count(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)
