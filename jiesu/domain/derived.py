"""The envelope of every event a processor decides.

The id is named after the cause and the decision, so re-processing the same log yields the
same ids (a re-published duplicate is recognisable); the time is the processor's "now"
(event time, never the wall clock).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final, TypeVar

from jiesu.domain.events import Event
from jiesu.domain.ids import derived_id

E = TypeVar("E", bound=Event)

PROCESSORS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "classifier": "智能研判",
        "router": "智能派单",
        "whistle": "自动吹哨",
        "escalation": "自动提级",
        "sla": "时限监控",
        "linker": "关联研判",
        "group": "群体诉求研判",
        "feedback": "回访处理",
        "callback": "回访期满",
        "lifecycle": "状态校验",
    }
)
"""Every processor that decides events, by its name in ``actor`` (``processor:NAME``), with
what a petition's page calls it. :func:`derive` refuses a name not listed here (a mistake the
unit tests of the new decision meet first), so no decision reaches a page unnamed."""


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
    if actor not in PROCESSORS:
        raise ValueError(f"no processor is called {actor!r}: name it in PROCESSORS")
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
