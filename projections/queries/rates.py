"""The three rates of 12345 practice and SLA compliance, from summed counters.

The parts follow :mod:`projections.stats` (its ``rates`` is the reference a test compares
with); this module adds each rate's Chinese name, its parts and its definition.

Each rate carries its numerator, denominator and its definition in words, so a page can
show how a figure was obtained and a reader can check it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from projections.queries.common import rate

DEFINITIONS: dict[str, tuple[str, str]] = {
    "response_rate": (
        "响应率",
        "首次签收不晚于当时签收时限的诉求数 ÷ 已派单的诉求数",
    ),
    "resolution_rate": (
        "解决率",
        "当前状态为已办理或已办结的诉求数 ÷ 受理的诉求总数（重新办理的诉求再次办理后才重新计入）",
    ),
    "satisfaction_rate": (
        "满意率",
        "最近一次回访评价为“满意”或“基本满意”的诉求数 ÷ 已有满意或不满意评价的诉求数",
    ),
    "sla_compliance": (
        "时限达标率",
        "已办理的诉求中最后一次办理不晚于办结时限的数 ÷ 已办理（含已办结）的诉求数",
    ),
}
PARTS: dict[str, tuple[str, str | tuple[str, str]]] = {
    "response_rate": ("responded_in_time", "routed"),
    "resolution_rate": ("resolved", "received"),
    "satisfaction_rate": ("satisfied", ("satisfied", "unsatisfied")),
    "sla_compliance": ("resolved_in_time", "resolved"),
}


def rate_of(key: str, counters: Mapping[str, int]) -> dict[str, Any]:
    """One named rate from counters such as ``daily_stats`` or ``unit_scorecards`` sums."""
    numerator, denominator = PARTS[key]
    parts = (denominator,) if isinstance(denominator, str) else denominator
    name, definition = DEFINITIONS[key]
    total = sum(int(counters.get(p, 0)) for p in parts)
    return rate(name, int(counters.get(numerator, 0)), total, definition)


def rates_of(counters: Mapping[str, int]) -> dict[str, dict[str, Any]]:
    """The three rates: response 响应率, resolution 解决率, satisfaction 满意率."""
    return {
        k: rate_of(k, counters) for k in ("response_rate", "resolution_rate", "satisfaction_rate")
    }


def sla_of(counters: Mapping[str, int]) -> dict[str, Any]:
    """SLA compliance with the counts behind it and the number of missed deadlines."""
    resolved = int(counters.get("resolved", 0))
    in_time = int(counters.get("resolved_in_time", 0))
    return {
        "compliance": rate_of("sla_compliance", counters),
        "met": in_time,
        "late": resolved - in_time,
        "breached": int(counters.get("breaches", 0)),
    }
