"""The rates as pages show them: each with its Chinese name, its parts and its definition,
so a reader can check how a figure was obtained. What each rate *is* lives in
:mod:`jiesu.domain.rates`; this module only lays it out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jiesu.domain import rates as defined
from projections.queries.common import rate


def shown(definition: defined.Rate, counters: Mapping[str, int]) -> dict[str, Any]:
    """One rate from counters such as ``daily_stats`` or ``unit_scorecards`` sums."""
    part, whole = definition.parts(counters)
    return rate(definition.name, part, whole, definition.definition)


def rates_of(counters: Mapping[str, int]) -> dict[str, dict[str, Any]]:
    """The three rates: response 响应率, resolution 解决率, satisfaction 满意率."""
    return {r.key: shown(r, counters) for r in defined.CITY}


def sla_of(counters: Mapping[str, int]) -> dict[str, Any]:
    """On time against the first deadline, with the counts behind it, beside the number of
    missed deadlines (a late petition may have missed several)."""
    resolved = int(counters.get("resolved", 0))
    on_time = int(counters.get("on_time", 0))
    return {
        "compliance": shown(defined.ON_TIME, counters),
        "met": on_time,
        "late": resolved - on_time,
        "breached": int(counters.get("breaches", 0)),
    }


def callbacks_of(counters: Mapping[str, int]) -> dict[str, Any]:
    """Call-backs: scored (the satisfaction rate's denominator) and 无法回访."""
    scored = int(counters.get("satisfied", 0)) + int(counters.get("unsatisfied", 0))
    return {
        "scored": scored,
        "unreachable": int(counters.get("unreachable", 0)),
        "definition": "无法回访：办理后在回访时限内未能回访评价而办结的诉求，不计入满意率",
    }
