"""The escalation ladder and what a clock does when its time comes.

grid → compound → community → street → district; a functional department that misses its
deadline goes to the street of the location (the street coordinates the departments); the
district is the top: a breach there is recorded and nothing moves. Only the resolution
(办结) clock escalates: a late sign-for (签收) is recorded as a RESPONSE breach for the
scorecards but the unit keeps the petition, because its resolution clock is still running
and escalating a matter nobody has looked at yet would only move the backlog up. A late
department report (报到) is a REPORT breach naming the department.
"""

from __future__ import annotations

from datetime import datetime

from jiesu.domain import events as ev
from jiesu.domain.derived import derive
from jiesu.domain.effects import Outcome
from jiesu.domain.events import DeadlineKind, HandlingLevel
from jiesu.domain.ladder import LADDER, unit_at
from jiesu.domain.lifecycle import refusal
from jiesu.domain.reasons import DEADLINE_BREACHED, ESCALATED_TO_STREET
from jiesu.domain.record import Clock, PetitionRecord
from jiesu.domain.reporting import overdue
from jiesu.domain.sla import deadlines
from jiesu.domain.whistle import blow


def level_above(level: HandlingLevel) -> HandlingLevel | None:
    """The next rung up; None at the district."""
    if level is HandlingLevel.DEPARTMENT:
        return HandlingLevel.STREET
    if level not in LADDER:
        return HandlingLevel.COMMUNITY
    index = LADDER.index(level)
    return LADDER[index + 1] if index + 1 < len(LADDER) else None


def unit_above(record: PetitionRecord, fallback: str) -> tuple[str, HandlingLevel] | None:
    """The unit one level above the record's (skipping levels the location lacks)."""
    above = level_above(record.level)
    if above is None:
        return None
    unit, level = unit_at(record.location, above, fallback)
    return None if unit == record.unit else (unit, level)


def act_on_clocks(outcome: Outcome, now: datetime) -> None:
    """Warn for every clock past its warning time, breach every clock past its due time."""
    for clock in outcome.current.clocks:
        if clock.breached or outcome.current.clock(clock.kind, clock.department) != clock:
            continue
        if overdue(now, clock.due):
            outcome.add(_signal(ev.SlaBreached, outcome.current, clock, now, "breached"))
            if clock.kind is DeadlineKind.RESOLUTION:
                escalate(outcome, outcome.events[-1].event_id, now)
        elif not clock.warned and clock.warn_at <= now:
            outcome.add(_signal(ev.SlaWarned, outcome.current, clock, now, "warned"))


def _signal(
    kind: type[ev.SlaWarned | ev.SlaBreached],
    record: PetitionRecord,
    clock: Clock,
    now: datetime,
    name: str,
) -> ev.Event:
    return derive(
        kind,
        petition_id=record.petition_id,
        correlation_id=record.correlation_id,
        cause=clock.origin,
        decision=f"{name}:{clock.kind.value}:{clock.department or ''}",
        now=now,
        actor="sla",
        kind=clock.kind,
        deadline=clock.due,
        unit=clock.unit,
        level=clock.level,
        department=clock.department,
    )


def escalate(outcome: Outcome, cause: str, now: datetime) -> None:
    """Move the petition one level up with fresh deadlines; blow the whistle at the street."""
    record, config = outcome.current, outcome.config
    target = unit_above(record, config.routing.fallback_unit)
    if target is None:
        return
    due = deadlines(config.sla, config.calendar, record.tier, record.emergency, now, True)
    event = derive(
        ev.PetitionEscalated,
        petition_id=record.petition_id,
        correlation_id=record.correlation_id,
        cause=cause,
        decision="escalated",
        now=now,
        actor="escalation",
        from_unit=record.unit,
        from_level=record.level,
        to_unit=target[0],
        to_level=target[1],
        reason=DEADLINE_BREACHED,
        response_deadline=due.response,
        resolution_deadline=due.resolution,
        provisional=due.provisional,
    )
    if refusal(record.state, event) is None:
        outcome.add(event)
        outcome.add(blow(config, outcome.current, event.event_id, now, ESCALATED_TO_STREET))
