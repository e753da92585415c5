"""A petition's story for its page: each deadline met or missed, and who acted.

The timeline says what happened; the story answers the questions a leader asks of it: was
it signed for in time, resolved by its first deadline, did every summoned department report
in time, and which units and people touched it. Read from the ``petitions`` row, the
petition's whistles and its timeline, judged against the read model's "now".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from projections.queries.common import iso, utc

MET, MISSED, PENDING, LATE = "met", "missed", "pending", "late"
"""Done by the deadline; done after it; not done, still in time; not done, deadline past."""


def judged(name: str, deadline: Any, done: Any, now: datetime | None) -> dict[str, Any]:
    """One deadline and whether it was kept (``done`` is when the thing was done, if it was)."""
    due, at = _moment(deadline), _moment(done)
    if due is None:
        state = None
    elif at is not None:
        state = MET if at <= due else MISSED
    else:
        state = LATE if now is not None and now > due else PENDING
    return {"name": name, "deadline": iso(due), "done_at": iso(at), "state": state}


def _moment(value: Any) -> datetime | None:
    """A column's datetime, or an ISO string of an already shaped item."""
    return utc(datetime.fromisoformat(value) if isinstance(value, str) else value)


def deadlines(
    row: Any, whistles: list[dict[str, Any]], now: datetime | None
) -> list[dict[str, Any]]:
    """签收, 首次办结 (the one the on-time rate judges), the current 办结 deadline when it
    moved, and each summoned department's 报到 (not one whose whistle ended before it was
    due: nothing was asked of it any more)."""
    made = [
        judged("签收时限", row["response_deadline"], row["accepted_at"], now),
        judged("首次办结时限", row["first_resolution_deadline"], row["resolved_at"], now),
    ]
    if _moment(row["resolution_deadline"]) != _moment(row["first_resolution_deadline"]):
        made.append(judged("当前办结时限", row["resolution_deadline"], row["resolved_at"], now))
    for n, whistle in enumerate(whistles, 1):
        which = f"第{n}次吹哨 " if len(whistles) > 1 else ""
        for department in whistle["departments"]:
            if department.get("ended"):  # the whistle ended before its report was due
                continue
            name = f"{which}{department['label'] or department['department']} 报到时限"
            made.append(judged(name, department["report_by"], department["reported_at"], now))
    return [d for d in made if d["state"] is not None]


def actors(timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Who acted, in the order they first did, with how many entries and their last act."""
    seen: dict[str, dict[str, Any]] = {}
    for entry in timeline:
        if entry["outcome"] == "refused":
            continue
        who = entry["actor"] + (f"（{entry['person']}）" if entry.get("person") else "")
        known = seen.setdefault(who, {"actor": who, "count": 0, "first": entry["event_time"]})
        known["count"] += 1
        known["last"] = entry["label"]
    return list(seen.values())
