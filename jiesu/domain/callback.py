"""The call-back window (回访): a resolved petition waits for the petitioner's score only so
long (``sla.yaml`` ``callback.within``, e.g. 3 working days after the resolution).

Past it, the petition closes as 无法回访 (unreachable: anonymous, a wrong number, nobody
answering): a :class:`~jiesu.domain.events.PetitionClosed` with ``unreachable`` set and the
score UNKNOWN, which counts neither as satisfied nor as unsatisfied. Without this an
unreachable petition would stay RESOLVED, and in the stream worker's memory, forever.
"""

from __future__ import annotations

from datetime import datetime

from jiesu.domain import events as ev
from jiesu.domain.derived import derive
from jiesu.domain.effects import Outcome
from jiesu.domain.record import PetitionRecord

UNREACHABLE = "无法回访: no call-back score within the call-back window after the resolution"


def due(record: PetitionRecord) -> datetime | None:
    """When the window of a resolved petition ends; None when none is running."""
    if record.status is not ev.Status.RESOLVED or record.callback is None:
        return None
    return record.callback.due


def close_lapsed(outcome: Outcome, now: datetime) -> None:
    """Close the petition as unreachable when its window has ended by ``now``."""
    record = outcome.current
    ends = due(record)
    if ends is None or ends > now or record.callback is None:
        return
    outcome.add(
        derive(
            ev.PetitionClosed,
            petition_id=record.petition_id,
            correlation_id=record.correlation_id,
            cause=record.callback.cause,
            decision="unreachable",
            now=now,
            actor="callback",
            satisfaction=ev.Satisfaction.UNKNOWN,
            reason=UNREACHABLE,
            unreachable=True,
        )
    )
