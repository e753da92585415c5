"""What follows a received petition, a return (退单) and a call-back's score.

- Received: classified, routed by the rules, whistle when the route calls for one.
- Returned: if the reason says "not our jurisdiction" (a marker word of ``routing.yaml``) and
  a rule names a department for the matter, that department; otherwise one level up (a
  department goes to the street; the district keeps it). Deadlines restart at the new unit.
- Unsatisfied: reopened (reopen_count + 1) and routed one level above the last unit;
  satisfied or basically satisfied: closed; an unknown score decides nothing.
"""

from __future__ import annotations

from datetime import datetime

from jiesu.domain import events as ev
from jiesu.domain.derived import derive
from jiesu.domain.effects import Outcome
from jiesu.domain.escalation import unit_above
from jiesu.domain.record import PetitionRecord
from jiesu.domain.routing import Matter, Route, department_route, route
from jiesu.domain.sla import deadlines
from jiesu.domain.whistle import blow

_CLOSING = (ev.Satisfaction.SATISFIED, ev.Satisfaction.BASICALLY_SATISFIED)


def on_received(outcome: Outcome, event: ev.PetitionReceived, now: datetime) -> None:
    found = outcome.config.classifier(event)
    record = outcome.current
    classified = derive(
        ev.PetitionClassified,
        petition_id=record.petition_id,
        correlation_id=record.correlation_id,
        cause=event.event_id,
        decision="classified",
        now=now,
        actor="classifier",
        category=found.category,
        sla_tier=found.sla_tier,
        emergency=found.emergency,
        keywords=tuple(found.keywords),
        score=float(found.score),
        taxonomy_version=found.taxonomy_version,
    )
    outcome.add(classified)
    assign(outcome, route(outcome.config.routing, matter(outcome.current)), classified, now, False)


def on_returned(outcome: Outcome, event: ev.PetitionReturned, now: datetime) -> None:
    record, table = outcome.current, outcome.config.routing
    chosen = None
    if any(marker in event.reason for marker in table.not_ours_markers):
        chosen = department_route(table, matter(record))
    if chosen is None or chosen.unit == record.unit:
        chosen = one_level_up(outcome, "return-up")
    assign(outcome, chosen, event, now, True)


def on_feedback(outcome: Outcome, event: ev.FeedbackRecorded, now: datetime) -> None:
    record = outcome.current
    if event.satisfaction in _CLOSING:
        closed = _after_feedback(ev.PetitionClosed, record, event, now, "closed")
        outcome.add(closed)
    elif event.satisfaction is ev.Satisfaction.UNSATISFIED:
        reopened = _after_feedback(ev.PetitionReopened, record, event, now, "reopened")
        outcome.add(reopened)
        assign(outcome, one_level_up(outcome, "reopen-up"), reopened, now, True)


def _after_feedback(
    event_type: type[ev.PetitionClosed | ev.PetitionReopened],
    record: PetitionRecord,
    feedback: ev.FeedbackRecorded,
    now: datetime,
    decision: str,
) -> ev.Event:
    fields: dict[str, object] = (
        {"satisfaction": feedback.satisfaction, "reason": "call-back satisfied"}
        if event_type is ev.PetitionClosed
        else {"reason": "call-back unsatisfied", "reopen_count": record.state.reopen_count + 1}
    )
    return derive(
        event_type,
        petition_id=record.petition_id,
        correlation_id=record.correlation_id,
        cause=feedback.event_id,
        decision=decision,
        now=now,
        actor="feedback",
        **fields,
    )


def one_level_up(outcome: Outcome, rule: str) -> Route:
    """The unit above the last one; the same unit when there is nothing above."""
    record = outcome.current
    above = unit_above(record, outcome.config.routing.fallback_unit)
    unit, level = above if above is not None else (record.unit, record.level)
    return Route(unit, level, rule, record.departments)


def assign(outcome: Outcome, chosen: Route, cause: ev.Event, now: datetime, again: bool) -> None:
    """Route to ``chosen`` with deadlines from ``now``, and blow the whistle if it calls for one."""
    record, config = outcome.current, outcome.config
    due = deadlines(config.sla, config.calendar, record.tier, record.emergency, now, again)
    routed = derive(
        ev.PetitionRouted,
        petition_id=record.petition_id,
        correlation_id=record.correlation_id,
        cause=cause.event_id,
        decision="routed",
        now=now,
        actor="router",
        unit=chosen.unit,
        level=chosen.level,
        rule=chosen.rule,
        departments=chosen.departments,
        response_deadline=due.response,
        resolution_deadline=due.resolution,
        provisional=due.provisional,
    )
    outcome.add(routed)
    reason = "reached the street" if chosen.level is ev.HandlingLevel.STREET else "joint handling"
    outcome.add(blow(config, outcome.current, routed.event_id, now, reason))


def matter(record: PetitionRecord) -> Matter:
    return Matter(
        record.category, record.tier, record.emergency, record.location, frozenset(record.terms)
    )
