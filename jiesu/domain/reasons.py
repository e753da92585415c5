"""The reasons the processors give on the log, and the words the pages show for them.

The log keeps the English it has held since the first events (a replay must read old logs
the same); people read Chinese, so the read side shows :func:`shown`.
"""

from __future__ import annotations

DEADLINE_BREACHED = "resolution deadline breached"
ESCALATED_TO_STREET = "escalated to the street"
REACHED_STREET = "reached the street"
JOINT_HANDLING = "joint handling"
ALREADY_CLOSED = "petition already closed"

SHOWN: dict[str, str] = {
    DEADLINE_BREACHED: "办结超时",
    ESCALATED_TO_STREET: "提级至街道",
    REACHED_STREET: "派至街道，召集职能部门",
    JOINT_HANDLING: "多部门联合处置",
    ALREADY_CLOSED: "诉求已办结",
}


def shown(reason: str | None) -> str:
    """A processor's reason in the pages' words; anyone else's as written."""
    return SHOWN.get(reason or "", reason or "")
