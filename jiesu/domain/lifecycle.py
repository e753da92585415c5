"""The petition state machine, one pure function shared by every side.

The intake checks a handler's action against the read model with it (409 when refused), the
stream processor applies it authoritatively (``ev.ActionRejected`` when refused), and the
projections fold the log with it, so all three agree on what a petition's state is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jiesu.domain import events as ev
from jiesu.domain.events import Event, HandlingLevel, Status

HANDLER_ACTIONS: tuple[type[Event], ...] = (
    ev.PetitionAccepted,
    ev.PetitionReturned,
    ev.PetitionResolved,
    ev.DepartmentReported,
    ev.FeedbackRecorded,
    ev.PetitionReclassified,
    ev.WhistleRequested,
)
"""Events a person records (through the intake); everything else is decided by processors."""

_NEUTRAL: tuple[type[Event], ...] = (
    ev.SlaWarned,
    ev.SlaBreached,
    ev.PetitionsLinked,
    ev.ClockTicked,
    ev.ActionRejected,
    ev.WhistleBlown,
    ev.DepartmentReported,
    ev.PetitionReclassified,
    ev.WhistleRequested,
    ev.PetitionerErased,
)

_LEAD_HANDLES: tuple[type[Event], ...] = (
    ev.PetitionAccepted,
    ev.PetitionReturned,
    ev.PetitionResolved,
    ev.PetitionReclassified,
    ev.WhistleRequested,
)
"""Actions a group case's member refuses: the lead is routed, whistled and resolved once."""

_OPEN = frozenset(
    {Status.CLASSIFIED, Status.ROUTED, Status.ACCEPTED, Status.RETURNED, Status.REOPENED}
)

_ALLOWED_FROM: dict[type[Event], frozenset[Status]] = {
    ev.PetitionClassified: frozenset({Status.RECEIVED}),
    ev.PetitionRouted: frozenset(
        {Status.CLASSIFIED, Status.RETURNED, Status.REOPENED, Status.ROUTED, Status.ACCEPTED}
    ),
    ev.PetitionAccepted: frozenset({Status.ROUTED}),
    ev.PetitionReturned: frozenset({Status.ROUTED, Status.ACCEPTED}),
    ev.PetitionEscalated: frozenset({Status.ROUTED, Status.ACCEPTED, Status.RETURNED}),
    ev.PetitionResolved: frozenset({Status.ACCEPTED}),
    ev.FeedbackRecorded: frozenset({Status.RESOLVED}),
    ev.PetitionClosed: frozenset({Status.RESOLVED}),
    ev.PetitionReopened: frozenset({Status.RESOLVED}),
    ev.PetitionReclassified: _OPEN,
    ev.WhistleRequested: _OPEN - {Status.CLASSIFIED},
    ev.GroupCaseResolved: _OPEN,
}

_STATUS_AFTER: dict[type[Event], Status] = {
    ev.PetitionReceived: Status.RECEIVED,
    ev.PetitionClassified: Status.CLASSIFIED,
    ev.PetitionRouted: Status.ROUTED,
    ev.PetitionAccepted: Status.ACCEPTED,
    ev.PetitionReturned: Status.RETURNED,
    ev.PetitionEscalated: Status.ROUTED,
    ev.PetitionResolved: Status.RESOLVED,
    ev.PetitionClosed: Status.CLOSED,
    ev.PetitionReopened: Status.REOPENED,
    ev.GroupCaseResolved: Status.RESOLVED,
}


@dataclass(frozen=True)
class PetitionState:
    """What the state machine needs to know of a petition; nothing personal."""

    status: Status = Status.UNKNOWN
    unit: str | None = None
    level: HandlingLevel | None = None
    whistle_id: str | None = None
    pending_departments: frozenset[str] = frozenset()
    reopen_count: int = 0
    lead: str | None = None
    """The lead petition of the group case this one belongs to (itself for the lead)."""


NEW = PetitionState()
"""The state before a petition's first event."""


class ActionRefused(Exception):
    """Raised by :func:`apply` for an event the state machine does not allow."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def refusal(state: PetitionState, event: Event) -> str | None:
    """Why ``event`` may not happen to a petition in ``state``, or None when it may."""
    kind = type(event)
    if kind is ev.PetitionReceived:
        return None if state.status is Status.UNKNOWN else "petition already received"
    if state.status is Status.UNKNOWN:
        return "unknown petition"
    if isinstance(event, ev.DepartmentReported):
        return _department_refusal(state, event)
    if isinstance(event, ev.GroupCaseResolved) and event.lead_petition_id == event.petition_id:
        done = state.status in (Status.RESOLVED, Status.CLOSED)
        return None if done else "the lead is not resolved"
    if state.lead not in (None, event.petition_id) and isinstance(event, _LEAD_HANDLES):
        return f"petition follows group case lead {state.lead}: act on the lead"
    if isinstance(event, ev.PetitionAccepted | ev.PetitionReturned | ev.PetitionResolved) and (
        state.unit is not None and event.unit != state.unit
    ):
        return f"petition is assigned to {state.unit}, not {event.unit}"
    allowed = _ALLOWED_FROM.get(kind)
    if allowed is None or state.status in allowed:
        return None
    return f"{kind.__name__} not allowed when the petition is {state.status.value}"


def _department_refusal(state: PetitionState, event: ev.DepartmentReported) -> str | None:
    if state.whistle_id != event.whistle_id:
        return f"no open whistle {event.whistle_id} on this petition"
    if event.department not in state.pending_departments:
        return f"department {event.department} has nothing to report on this whistle"
    return None


def apply(state: PetitionState, event: Event) -> PetitionState:
    """The state after ``event``; raises :class:`ActionRefused` when it is not allowed."""
    reason = refusal(state, event)
    if reason is not None:
        raise ActionRefused(reason)
    return evolve(state, event)


def evolve(state: PetitionState, event: Event) -> PetitionState:
    """Fold one allowed event into the state (no checks: call :func:`apply` for those)."""
    status = _STATUS_AFTER.get(type(event), state.status)
    new = state if status is state.status else _replaced(state, status=status)  # states are frozen
    if isinstance(event, ev.PetitionRouted):
        return _replaced(new, unit=event.unit, level=event.level)
    if isinstance(event, ev.PetitionEscalated):
        return _replaced(new, unit=event.to_unit, level=event.to_level)
    if isinstance(event, ev.WhistleBlown):
        return _replaced(
            new, whistle_id=event.whistle_id, pending_departments=frozenset(event.departments)
        )
    if isinstance(event, ev.DepartmentReported):
        return _replaced(new, pending_departments=state.pending_departments - {event.department})
    if isinstance(event, ev.PetitionReopened):
        return _replaced(new, reopen_count=event.reopen_count, lead=None)
    if isinstance(event, ev.PetitionsLinked):
        return _joined(new, event)
    if isinstance(event, ev.GroupCaseResolved) and event.lead_petition_id == event.petition_id:
        return state
    return new


def _joined(state: PetitionState, event: ev.PetitionsLinked) -> PetitionState:
    """A group case's member follows its lead: its own whistle no longer waits for reports."""
    if event.kind is not ev.LinkKind.GROUP_CASE or not event.lead_petition_id:
        return state
    if event.lead_petition_id == event.petition_id:
        return _replaced(state, lead=event.lead_petition_id)
    return _replaced(state, lead=event.lead_petition_id, pending_departments=frozenset())


def is_neutral(event: Event) -> bool:
    """True for events that never change a petition's status."""
    return isinstance(event, _NEUTRAL)


def _replaced(state: PetitionState, **changes: Any) -> PetitionState:
    """``dataclasses.replace(state, **changes)`` without its checks of every field (a replay
    folds every event through here): a new state holding the old fields, then the changes."""
    new = object.__new__(PetitionState)
    new.__dict__.update(vars(state), **changes)
    return new
