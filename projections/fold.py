"""The fold: one event into the read models of a :class:`~projections.workspace.Workspace`.

The lifecycle state machine decides, exactly as in the stream processor: an event it
refuses changes nothing but its timeline entry (outcome ``refused``, with the reason).
Which handlers an event reaches is the one explicit table :data:`projections.wiring.HANDLERS`.
"""

from __future__ import annotations

from typing import Final

from jiesu.domain import events as ev
from jiesu.domain.events import HandlingLevel, Status
from jiesu.domain.lifecycle import PetitionState, evolve, is_neutral, refusal
from projections import petition_rows
from projections.payload import timeline_payload
from projections.wiring import HANDLERS
from projections.workspace import Row, Workspace

Where = tuple[str, int, int]
"""A record's place in the log: topic, partition, offset. A plain tuple: a replay makes one
per record and pickles it to the fold's process, and a named tuple takes ten times as long
to pickle and to rebuild (its ``__getnewargs__`` and ``__new__`` are Python)."""
PARTITION: Final = 1
OFFSET: Final = 2


def fold(
    ws: Workspace,
    event: ev.Event,
    where: Where,
    payload: str | None = None,
    unseen: bool = False,
) -> None:
    """Apply ``event`` (found at ``where``) to every projection of ``ws``.

    A replay's reader process (on another core) may have worked out the event's
    :func:`~projections.payload.timeline_payload` already, and know the event id
    ``unseen``: never in the log before it, so certainly not on the timeline yet."""
    ws.advance(where[PARTITION], event.event_time)
    if isinstance(event, ev.ClockTicked):
        return
    if not unseen and ws.get("petition_timeline", event.event_id) is not None:
        return  # the same fact published twice (at-least-once upstream): once is enough
    row = ws.get("petitions", event.petition_id)
    state = ws.states.get(event.petition_id) or state_of(row)
    reason = refusal(state, event)
    ws.put("petition_timeline", timeline_entry(ws, event, where, reason, payload))
    if reason is not None:
        return
    if isinstance(event, ev.PetitionReceived):
        row = petition_rows.received(event)
    assert row is not None
    for projection, handler in HANDLERS.get(type(event), ()):
        if projection in ws.projections:
            handler(ws, row, event)
    state = evolve(state, event)
    settle_state(row, state, event)
    ws.states[event.petition_id] = state
    ws.put("petitions", row)


def state_of(row: Row | None) -> PetitionState:
    """The lifecycle state a ``petitions`` row holds."""
    if row is None:
        return PetitionState()
    pending = row["pending_departments"] or ""
    return PetitionState(
        status=Status(row["status"]),
        unit=row["unit"],
        level=HandlingLevel(row["level"]) if row["level"] else None,
        whistle_id=row["whistle_id"],
        pending_departments=frozenset(d for d in pending.split(",") if d),
        reopen_count=row["reopen_count"],
        lead=row["lead_petition_id"],
    )


def settle_state(row: Row, state: PetitionState, event: ev.Event) -> None:
    """Write the lifecycle's own fields back, so the row and the state machine agree."""
    row.update(
        status=state.status.value,
        unit=state.unit,
        level=state.level.value if state.level else None,
        whistle_id=state.whistle_id,
        pending_departments=",".join(sorted(state.pending_departments)),
        reopen_count=state.reopen_count,
        lead_petition_id=state.lead,
        updated_at=event.event_time,
        last_event_id=event.event_id,
    )


def timeline_entry(
    ws: Workspace, event: ev.Event, where: Where, reason: str | None, payload: str | None = None
) -> Row:
    outcome = "refused" if reason else "neutral" if is_neutral(event) else "applied"
    return {
        "event_id": event.event_id,
        "petition_id": event.petition_id,
        "seq": ws.next_seq(event.petition_id),
        "event_type": type(event).__name__,
        "event_time": event.event_time,
        "recorded_time": event.recorded_time,
        "actor": event.actor,
        "outcome": outcome,
        "refusal": reason,
        "payload": timeline_payload(event) if payload is None else payload,
        "log_partition": where[PARTITION],
        "log_offset": where[OFFSET],
    }
