"""Daily statistics and the three rates of 12345 practice.

Every counter of a ``daily_stats`` row counts the petitions **received** on that day
(Asia/Shanghai) in that channel × category × street × community, by their *current* state
(a cohort): when a petition changes, its old contribution is taken out and the new one put
in, so the table always equals a GROUP BY over ``petitions``.

- ``received``: every petition; ``routed``: given a handling unit at least once;
  ``accepted``: signed for (签收) at least once.
- ``responded_in_time``: the first acceptance came no later than the response deadline in
  force at that moment.
- ``resolved``: currently RESOLVED or CLOSED (a reopened petition counts again only once
  resolved again); ``on_time``: of those, on time against the first resolution deadline
  with no breach at all (:func:`jiesu.domain.rates.on_time`).
- ``closed``: currently CLOSED; ``satisfied``: the last score is SATISFIED or
  BASICALLY_SATISFIED; ``unsatisfied``: it is UNSATISFIED; ``unreachable``: closed as
  无法回访 (no score within the call-back window: neither satisfied nor unsatisfied).
- ``breaches``: missed deadlines (SlaBreached events, of every kind);
  ``emergencies``: classified as emergencies; ``reopened``: reopened at least once.

What the rates made of these counters mean is :mod:`jiesu.domain.rates`, and only there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jiesu.domain import rates as defined
from jiesu.domain import reporting
from jiesu.domain.events import Satisfaction, Status
from projections.petition_rows import as_utc
from projections.workspace import Key, Row, Workspace

COUNTERS = (
    "received",
    "routed",
    "accepted",
    "responded_in_time",
    "resolved",
    "on_time",
    "closed",
    "satisfied",
    "unsatisfied",
    "unreachable",
    "breaches",
    "emergencies",
    "reopened",
)
_HAPPY = {Satisfaction.SATISFIED.value, Satisfaction.BASICALLY_SATISFIED.value}


def stats_key(row: Row) -> Key:
    dims = ("channel", "category", "street", "community")
    return (row["received_day"], *(row[name] or "" for name in dims))


def contribution(row: Row) -> dict[str, int]:
    """What one petition adds to its day's counters."""
    resolved = reporting.is_done(row["status"])
    return {
        "received": 1,
        "routed": int(row["routed_at"] is not None),
        "accepted": int(row["accepted_at"] is not None),
        "responded_in_time": int(bool(row["responded_in_time"])),
        "resolved": int(resolved),
        "on_time": int(on_time(row, resolved)),
        "closed": int(row["status"] == Status.CLOSED.value),
        "satisfied": int(row["satisfaction"] in _HAPPY),
        "unsatisfied": int(row["satisfaction"] == Satisfaction.UNSATISFIED.value),
        "unreachable": int(bool(row["unreachable"])),
        "breaches": int(row["breach_count"] or 0),
        "emergencies": int(bool(row["emergency"])),
        "reopened": int((row["reopen_count"] or 0) > 0),
    }


def settle(ws: Workspace) -> None:
    """Move every petition changed in the batch from its old contribution to its new one."""
    changes: list[tuple[Key, dict[str, int], int]] = []
    for row in ws.dirty_rows("petitions"):
        key, counts = stats_key(row), contribution(row)
        before = ws.loaded_petitions.get(row["petition_id"])
        if before is not None:
            old_key, old_counts = stats_key(before), contribution(before)
            if old_key == key and old_counts == counts:
                continue  # most changes (a warning, a new deadline) move no counter
            changes.append((old_key, old_counts, -1))
        changes.append((key, counts, 1))
    ws.preload("daily_stats", {key for key, _, _ in changes})
    for key, counts, sign in changes:
        stats = ws.get_or_blank("daily_stats", *key)
        for name, count in counts.items():
            stats[name] = (stats[name] or 0) + sign * count
        ws.put("daily_stats", stats)


def is_empty(row: Row) -> bool:
    """A row every petition has moved out of (it is deleted, not kept as zeros, so the table
    does not depend on how the log was cut into batches)."""
    return not any(row[name] for name in COUNTERS)


def on_time(row: Row, resolved: bool) -> bool:
    """The domain's on-time, on a ``petitions`` row (SQLite hands datetimes back naive)."""
    moments = [row["resolved_at"], row["first_resolution_deadline"]]
    at, first = (as_utc(m) if m is not None else None for m in moments)
    return defined.on_time(resolved, at, first, int(row["breach_count"] or 0))


def rates(counters: Mapping[str, Any]) -> dict[str, float | None]:
    """The three rates of a row (or of summed rows) of ``daily_stats``."""
    return {rate.key: rate.value(counters) for rate in defined.CITY}
