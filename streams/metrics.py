"""`GET /metrics` on the worker's web port: what operators watch.

The calendar's fallback counter says loudly when deadlines were computed on weekends only
(a year the statutory calendar and the operator's holiday file do not cover); the fold sizes
show that memory follows the open petitions, not the length of the log.
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
        "partitions": folds,
        "revocations": partitions.revocations,
    }


def register(app: faust.App, runtime: Runtime, partitions: PetitionPartitions) -> None:
    """Declare the page on ``app`` (served only when the worker's web server runs)."""

    async def metrics(web: Any, request: Any) -> Any:
        return web.json(snapshot(runtime, partitions))

    app.page("/metrics/")(metrics)
