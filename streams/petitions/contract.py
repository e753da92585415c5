"""What the partition fold needs of the policy, and how long it remembers closed petitions.

Kept apart from the fold so the worker's wiring can name the policy's shape without the
fold's bookkeeping.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from jiesu.domain.events import Event

DEDUPE_WINDOW = timedelta(days=30)
"""How long a closed petition's id is kept (``JIESU_DEDUPE_WINDOW_DAYS``)."""


class Decision(Protocol):
    """What the policy answers: the petition's new record and the events it decided."""

    @property
    def record(self) -> Any: ...

    @property
    def events(self) -> Sequence[Event]: ...


class Policy(Protocol):
    """The pure decisions (``jiesu.domain.policy.Policy``) as the fold uses them."""

    def on_event(self, record: Any, event: Event, now: datetime) -> Decision: ...

    def on_time(self, record: Any, now: datetime) -> Decision: ...

    def next_due(self, record: Any) -> datetime | None: ...

    def on_closed(self, event: Event, now: datetime) -> Decision: ...

    def adopt(self, record: Any, logged: Event) -> Any: ...


def expire_closed(
    closed: OrderedDict[str, datetime], seen: dict[str, Any], before: datetime
) -> None:
    """Forget the petitions closed before ``before`` (``closed`` is in closing order). Event
    time only, so a rebuild forgets exactly what the live fold forgot; past the window an
    event for such a petition is treated as for one never seen (README "Duplicates")."""
    while closed:
        petition_id, at = next(iter(closed.items()))
        if at >= before:
            return
        closed.popitem(last=False)
        seen.pop(petition_id, None)
