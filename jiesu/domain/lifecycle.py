"""The petition state machine, one pure function shared by every side.

The intake checks a handler's action against the read model with it (409 when refused), the
stream processor applies it authoritatively (``ActionRejected`` when refused), and the
projections fold the log with it, so all three agree on what a petition's state is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from jiesu.domain.events import (
    ActionRejected,
    ClockTicked,
    DepartmentReported,
    Event,
    FeedbackRecorded,
    HandlingLevel,
    PetitionAccepted,
    PetitionClassified,
    PetitionClosed,
    PetitionEscalated,
    PetitionReceived,
    PetitionReopened,
    PetitionResolved,
    PetitionReturned,
    PetitionRouted,
    PetitionsLinked,
    SlaBreached,
    SlaWarned,
    Status,
    WhistleBlown,
)

HANDLER_ACTIONS: tuple[type[Event], ...] = (
    PetitionAccepted,
    PetitionReturned,
    PetitionResolved,
    DepartmentReported,
    FeedbackRecorded,
)
"""Events a person records (through the intake); everything else is decided by processors."""

_NEUTRAL: tuple[type[Event], ...] = (
    SlaWarned,
    SlaBreached,
    PetitionsLinked,
    ClockTicked,
    ActionRejected,
    WhistleBlown,
    DepartmentReported,
)

_ALLOWED_FROM: dict[type[Event], frozenset[Status]] = {
    PetitionClassified: frozenset({Status.RECEIVED}),
    PetitionRouted: frozenset({Status.CLASSIFIED, Status.RETURNED, Status.REOPENED, Status.ROUTED}),
    PetitionAccepted: frozenset({Status.ROUTED}),
    PetitionReturned: frozenset({Status.ROUTED, Status.ACCEPTED}),
    PetitionEscalated: frozenset({Status.ROUTED, Status.ACCEPTED, Status.RETURNED}),
    PetitionResolved: frozenset({Status.ACCEPTED}),
    FeedbackRecorded: frozenset({Status.RESOLVED}),
    PetitionClosed: frozenset({Status.RESOLVED}),
    PetitionReopened: frozenset({Status.RESOLVED}),
}

_STATUS_AFTER: dict[type[Event], Status] = {
    PetitionReceived: Status.RECEIVED,
    PetitionClassified: Status.CLASSIFIED,
    PetitionRouted: Status.ROUTED,
    PetitionAccepted: Status.ACCEPTED,
    PetitionReturned: Status.RETURNED,
    PetitionEscalated: Status.ROUTED,
    PetitionResolved: Status.RESOLVED,
    PetitionClosed: Status.CLOSED,
    PetitionReopened: Status.REOPENED,
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
    if kind is PetitionReceived:
        return None if state.status is Status.UNKNOWN else "petition already received"
    if state.status is Status.UNKNOWN:
        return "unknown petition"
    if isinstance(event, DepartmentReported):
        return _department_refusal(state, event)
    if isinstance(event, PetitionAccepted | PetitionReturned | PetitionResolved) and (
        state.unit is not None and event.unit != state.unit
    ):
        return f"petition is assigned to {state.unit}, not {event.unit}"
    allowed = _ALLOWED_FROM.get(kind)
    if allowed is None or state.status in allowed:
        return None
    return f"{kind.__name__} not allowed when the petition is {state.status.value}"


def _department_refusal(state: PetitionState, event: DepartmentReported) -> str | None:
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
    new = state if status is state.status else replace(state, status=status)  # states are frozen
    if isinstance(event, PetitionRouted):
        return replace(new, unit=event.unit, level=event.level)
    if isinstance(event, PetitionEscalated):
        return replace(new, unit=event.to_unit, level=event.to_level)
    if isinstance(event, WhistleBlown):
        return replace(
            new, whistle_id=event.whistle_id, pending_departments=frozenset(event.departments)
        )
    if isinstance(event, DepartmentReported):
        return replace(new, pending_departments=state.pending_departments - {event.department})
    if isinstance(event, PetitionReopened):
        return replace(new, reopen_count=event.reopen_count)
    return new


def is_neutral(event: Event) -> bool:
    """True for events that never change a petition's status."""
    return isinstance(event, _NEUTRAL)
