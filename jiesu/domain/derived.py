"""The envelope of every event a processor decides.

The id is named after the cause and the decision, so re-processing the same log yields the
same ids (a re-published duplicate is recognisable); the time is the processor's "now"
(event time, never the wall clock).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from jiesu.domain.events import Event
from jiesu.domain.ids import derived_id

E = TypeVar("E", bound=Event)


def derive(
    event_type: Callable[..., E],
    /,
    *,
    petition_id: str,
    correlation_id: str,
    cause: str,
    decision: str,
    now: datetime,
    actor: str,
    **fields: Any,
) -> E:
    """An ``event_type`` caused by the event ``cause``; id ``derived_id(cause, decision)``."""
    return event_type(
        event_id=derived_id(cause, decision),
        petition_id=petition_id,
        event_time=now,
        recorded_time=now,
        actor=f"processor:{actor}",
        correlation_id=correlation_id,
        causation_id=cause,
        **fields,
    )
