"""One partition of petition-events, folded through the policy: the exact state of a partition.

The state is a deterministic function of the partition's log, so a worker that takes a
partition over rebuilds it by folding the log again and lands on the very same state and the
very same decisions. Derived events are applied to the record when they are decided (the
policy's ``Decision.record`` already includes them); when they come back through the log they
are consumed silently. Whatever the fold decided but the log does not hold yet is
:meth:`PartitionFold.pending`: outputs a crashed worker never published.
"""

from __future__ import annotations

import heapq
import logging
from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from jiesu.domain.events import ClockTicked, Event, Status
from streams.petitions.contract import DEDUPE_WINDOW, Decision, Policy, expire_closed

log = logging.getLogger(__name__)


class PartitionFold:
    """The records of one partition, "now", the due-time index and the decided outputs."""

    def __init__(
        self, policy: Policy, partition: int, dedupe_window: timedelta = DEDUPE_WINDOW
    ) -> None:
        self.policy = policy
        self.partition = partition
        self.dedupe_window = dedupe_window
        self.records: dict[str, Any] = {}
        self.now: datetime | None = None
        self.position = 0
        self.expected: dict[str, Event | None] = {}
        """Decided outputs not yet seen in the log, by id; None once published, so a
        backlog's outputs cost an id each until they come back."""
        self.seen: dict[str, set[str]] = {}
        self.closed: OrderedDict[str, datetime] = OrderedDict()
        """Closed petitions' ids and when they closed (by event time, so in closing order):
        kept for the dedupe window, then forgotten, so memory does not grow with the log."""
        self._due: list[tuple[datetime, str]] = []
        self._scheduled: dict[str, datetime] = {}

    def feed(self, event: Event | None, offset: int) -> list[Event]:
        """Fold the record at ``offset`` (None: undecodable); return the events it decides.

        Offsets below the position were folded already (a redelivery) and change nothing;
        an event id seen before is a duplicate publication and changes nothing either.
        """
        if offset < self.position:
            return []
        self.position = offset + 1
        if event is None or not self._is_new(event):
            return []
        if self.now is None or event.event_time > self.now:
            self.now = event.event_time
            expire_closed(self.closed, self.seen, self.now - self.dedupe_window)
        outputs = [] if isinstance(event, ClockTicked) else self._decide_event(event)
        if event.petition_id not in self.records and event.petition_id not in self.closed:
            self.seen.pop(event.petition_id, None)  # unknown, or forgotten: nothing to keep
        outputs += self._decide_due()
        for output in outputs:
            self.expected[output.event_id] = output
        return outputs

    def record_fact(self, fact: Event, now: datetime, decision: Decision) -> list[Event]:
        """Apply a fact decided outside the log (a handler's command) with the policy's
        ``decision`` on it; return the events to append: the fact, then what it decides."""
        self.now = now
        self._remember(fact)
        closed = fact.petition_id in self.closed
        decided = list(decision.events) if closed else self._take(fact.petition_id, decision)
        outputs = [fact, *decided, *self._decide_due()]
        for output in outputs:
            self.expected[output.event_id] = output
        return outputs

    def skip(self, offset: int) -> None:
        """Move past a record that is not part of the fold (poison, already dead-lettered)."""
        self.position = max(self.position, offset + 1)

    def pending(self) -> list[Event]:
        """Outputs decided but neither published nor (yet) seen in the log, in decision order."""
        return [event for event in self.expected.values() if event is not None]

    def published(self, events: Sequence[Event]) -> None:
        """``events`` (outputs of this fold) are acknowledged by the broker: keep their ids."""
        for event in events:
            if event.event_id in self.expected:
                self.expected[event.event_id] = None

    def _is_new(self, event: Event) -> bool:
        """False for our own outputs coming back and for duplicates.

        Memory stays proportional to the open petitions: a closed petition keeps only its
        id (and the ids of actions that came after it closed), and ticks are not
        remembered (a repeated tick moves no clock).
        """
        if event.event_id in self.expected:
            decided = self.expected.pop(event.event_id)
            if self._remembers(event):
                self._remember(event)
                if decided is not None and decided != event:
                    self._adopt(event)
            return False
        if isinstance(event, ClockTicked):
            return True
        if event.event_id in self.seen.get(event.petition_id, ()):
            return False
        self._remember(event)
        return True

    def _adopt(self, logged: Event) -> None:
        """The log holds another version of a decision this fold made again (while
        rebuilding, under a changed configuration): the log's version wins."""
        record = self.records.get(logged.petition_id)
        if record is None:
            return
        adopted = self.policy.adopt(record, logged)
        if adopted is not record:
            self.records[logged.petition_id] = adopted
            due = self.policy.next_due(adopted)
            if due is not None:
                self._schedule(logged.petition_id, due)

    def _remembers(self, event: Event) -> bool:
        """Whether our own output coming back is kept for duplicates: not for a closed
        petition (it refuses only actions), nor for one forgotten since (in a backlog
        longer than the dedupe window the echo comes after the petition expired)."""
        pid = event.petition_id
        if pid in self.records:
            return True
        assert self.now is not None
        return pid not in self.closed and event.event_time >= self.now - self.dedupe_window

    def _remember(self, event: Event) -> None:
        self.seen.setdefault(event.petition_id, set()).add(event.event_id)

    def _decide_event(self, event: Event) -> list[Event]:
        assert self.now is not None
        if event.petition_id in self.closed:
            return list(self.policy.on_closed(event, self.now).events)
        decision = self.policy.on_event(self.records.get(event.petition_id), event, self.now)
        return self._take(event.petition_id, decision)

    def _decide_due(self) -> list[Event]:
        outputs: list[Event] = []
        while self._due and self.now is not None and self._due[0][0] <= self.now:
            due, petition_id = heapq.heappop(self._due)
            if self._scheduled.get(petition_id) != due:
                continue
            del self._scheduled[petition_id]
            decision = self.policy.on_time(self.records[petition_id], self.now)
            outputs += self._take(petition_id, decision, after=due)
        return outputs

    def _take(
        self, petition_id: str, decision: Decision, after: datetime | None = None
    ) -> list[Event]:
        if decision.record is None:
            return list(decision.events)
        if decision.record.status is Status.CLOSED:
            self._forget(petition_id)
            return list(decision.events)
        self.records[petition_id] = decision.record
        due = self.policy.next_due(decision.record)
        if due is None:
            self._scheduled.pop(petition_id, None)
        elif after is None or due > after:
            self._schedule(petition_id, due)
        else:
            log.warning(
                "policy keeps %s due at %s after on_time; not rescheduled", petition_id, due
            )
        return list(decision.events)

    def _forget(self, petition_id: str) -> None:
        self.records.pop(petition_id, None)
        self.seen.pop(petition_id, None)
        self._scheduled.pop(petition_id, None)
        assert self.now is not None
        self.closed[petition_id] = self.now

    def _schedule(self, petition_id: str, due: datetime) -> None:
        if self._scheduled.get(petition_id) == due:
            return
        self._scheduled[petition_id] = due
        heapq.heappush(self._due, (due, petition_id))
