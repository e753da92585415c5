"""The one entry point of the stream worker: every decision of the four-level response.

Pure and deterministic: the same record, event and "now" always give the same record and
the same events (ids named after their cause, times equal to "now", no wall clock, no
randomness). The returned record already includes the effect of the returned events, so
when they come back through the log the worker may drop them; a derived event the record
does not have yet (written by an older run) is folded in without new decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jiesu.domain import callback
from jiesu.domain import events as ev
from jiesu.domain.clocks import adopted
from jiesu.domain.derived import derive
from jiesu.domain.effects import Outcome, already_applied, fold
from jiesu.domain.escalation import act_on_clocks
from jiesu.domain.grouping import forgotten_lead, on_linked, on_resolved
from jiesu.domain.lifecycle import HANDLER_ACTIONS, NEW, refusal
from jiesu.domain.reactions import on_feedback, on_received, on_reclassified, on_returned
from jiesu.domain.reasons import ALREADY_CLOSED
from jiesu.domain.record import PetitionRecord
from jiesu.domain.rules import PolicyConfig
from jiesu.domain.whistle import blow_by_hand
from jiesu.domain.workcalendar import CalendarMetrics


@dataclass(frozen=True)
class Decision:
    """The petition's record after the event (None: still unknown) and the decided events."""

    record: PetitionRecord | None
    events: tuple[ev.Event, ...] = ()


class Policy:
    """Decides what follows each event of petition-events and each deadline."""

    def __init__(self, config: PolicyConfig) -> None:
        self.config = config

    @property
    def calendar_metrics(self) -> CalendarMetrics:
        """Days decided without statutory data (weekends only), for the worker to export."""
        return self.config.calendar.metrics

    def on_event(self, record: PetitionRecord | None, event: ev.Event, now: datetime) -> Decision:
        return self._counted(self._on_event(record, event, now))

    def _on_event(self, record: PetitionRecord | None, event: ev.Event, now: datetime) -> Decision:
        if isinstance(event, ev.ClockTicked):
            return Decision(record)
        if isinstance(event, ev.PetitionReceived):
            return self._received(record, event, now)
        if isinstance(event, HANDLER_ACTIONS):
            return self._action(record, event, now)
        if record is None or refusal(record.state, event) or already_applied(record, event):
            return Decision(record)
        outcome = Outcome(self.config, fold(self.config, record, event))
        if isinstance(event, ev.PetitionsLinked):
            on_linked(outcome, event, now)
        return Decision(outcome.record, tuple(outcome.events))

    def on_time(self, record: PetitionRecord, now: datetime) -> Decision:
        """Warnings, breaches, escalations, report breaches and lapsed call-back windows due
        at ``now``."""
        outcome = Outcome(self.config, record)
        if record.status is not ev.Status.CLOSED:
            act_on_clocks(outcome, now)
            callback.close_lapsed(outcome, now)
        return self._counted(Decision(outcome.record, tuple(outcome.events)))

    def on_closed(self, event: ev.Event, now: datetime) -> Decision:
        """An event for a petition that closed and was forgotten: handler actions are refused;
        named lead of a group case, it resolves the group."""
        if isinstance(event, ev.PetitionsLinked):
            return Decision(None, tuple(e for e in [forgotten_lead(event, now)] if e))
        if not isinstance(event, HANDLER_ACTIONS):
            return Decision(None)
        reason = ALREADY_CLOSED
        return Decision(None, (_rejected(None, event, ev.Status.CLOSED, reason, now),))

    def adopt(self, record: PetitionRecord, logged: ev.Event) -> PetitionRecord:
        """The record once the log's version of a decision replaces the one just made again.

        A worker rebuilding a partition decides every petition again with today's
        configuration; when that has changed since (the operator added the State Council's
        notice for a year whose deadlines were provisional), a deadline may come out
        otherwise than the one on the log. The log is the fact the petition page shows and
        handlers work to, so the running clocks follow it."""
        return adopted(self.config, record, logged)

    def next_due(self, record: PetitionRecord) -> datetime | None:
        """The earliest time :meth:`on_time` would act, or None when no clock runs."""
        if record.status is ev.Status.CLOSED:
            return None
        dues = [d for c in record.clocks if (d := c.next_due()) is not None]
        window = callback.due(record)
        return min([*dues, window] if window is not None else dues, default=None)

    def _counted(self, decision: Decision) -> Decision:
        """Count the deadlines decided, and the provisional ones, for the worker's metrics."""
        for event in decision.events:
            if isinstance(event, ev.PetitionRouted | ev.PetitionEscalated | ev.WhistleBlown):
                self.calendar_metrics.decided(event.provisional)
        return decision

    def _received(
        self, record: PetitionRecord | None, event: ev.PetitionReceived, now: datetime
    ) -> Decision:
        if record is not None:
            return Decision(record)
        outcome = Outcome(self.config, fold(self.config, None, event))
        on_received(outcome, event, now)
        return Decision(outcome.record, tuple(outcome.events))

    def _action(self, record: PetitionRecord | None, event: ev.Event, now: datetime) -> Decision:
        state = record.state if record is not None else NEW
        reason = refusal(state, event)
        if reason is not None:
            return Decision(record, (_rejected(record, event, state.status, reason, now),))
        outcome = Outcome(self.config, fold(self.config, record, event))
        if isinstance(event, ev.PetitionReturned):
            on_returned(outcome, event, now)
        elif isinstance(event, ev.FeedbackRecorded):
            on_feedback(outcome, event, now)
        elif isinstance(event, ev.PetitionReclassified):
            on_reclassified(outcome, event, now)
        elif isinstance(event, ev.PetitionResolved):
            on_resolved(outcome, event, now)
        elif isinstance(event, ev.WhistleRequested):
            outcome.add(blow_by_hand(self.config, outcome.current, event, now))
        return Decision(outcome.record, tuple(outcome.events))


def _rejected(
    record: PetitionRecord | None, event: ev.Event, status: ev.Status, reason: str, now: datetime
) -> ev.ActionRejected:
    return derive(
        ev.ActionRejected,
        petition_id=event.petition_id,
        correlation_id=record.correlation_id if record is not None else event.correlation_id,
        cause=event.event_id,
        decision="rejected",
        now=now,
        actor="lifecycle",
        action_event_id=event.event_id,
        action=type(event).__name__,
        status=status,
        reason=reason,
    )
