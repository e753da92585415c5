"""`GET /metrics` on the worker's web port: what operators watch.

The calendar's figures say when deadlines were computed on a year whose make-up arrangement
(调休) is not in the data: law-derived years and how many of the deadlines decided are
provisional, and, louder, days counted on weekends alone (a year beyond even the law we
know); the fold sizes show that memory follows the open petitions, not the log's length.
"""

from __future__ import annotations

from typing import Any

import faust

from jiesu.domain.policy import Policy
from streams.petitions.agents import PetitionPartitions
from streams.runtime import Runtime


def snapshot(runtime: Runtime, partitions: PetitionPartitions) -> dict[str, Any]:
    """The figures, as plain JSON-able data."""
    policy = runtime.policy
    calendar = policy.calendar_metrics if isinstance(policy, Policy) else None
    folds = {
        str(number): {
            "open_petitions": len(fold.records),
            "closed_petitions": len(fold.closed),
            "awaiting_outputs": len(fold.expected),
            "position": fold.position,
        }
        for number, fold in sorted(partitions.folds.items())
    }
    return {
        "calendar_fallback_days": calendar.fallback_days if calendar else 0,
        "calendar_fallback_years": sorted(calendar.fallback_years) if calendar else [],
        "calendar_law_derived_years": sorted(calendar.law_derived_years) if calendar else [],
        "calendar_deadlines": calendar.deadlines if calendar else 0,
        "calendar_provisional_deadlines": calendar.provisional_deadlines if calendar else 0,
        "partitions": folds,
        "revocations": partitions.revocations,
    }


def register(app: faust.App, runtime: Runtime, partitions: PetitionPartitions) -> None:
    """Declare the page on ``app`` (served only when the worker's web server runs)."""

    async def metrics(web: Any, request: Any) -> Any:
        return web.json(snapshot(runtime, partitions))

    app.page("/metrics/")(metrics)
