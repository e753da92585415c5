"""What follows a received petition, a return (退单), a reclassification and a call-back.

- Received: classified (a channel's own category stands), routed by the rules.
- Returned: a reason that says "not our jurisdiction" (a marker word of ``routing.yaml``)
  goes to the department the reason names, else through the rules again without the
  returning department (a territorial unit: to the first department rule that matches);
  any other return, or none of these, goes one level up. Deadlines restart at the new unit.
- Reclassified: routed again by the rules under the new category.
- Unsatisfied: reopened (reopen_count + 1) and routed one level above the last unit;
  satisfied or basically satisfied: closed; an unknown score decides nothing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from jiesu.domain import events as ev
from jiesu.domain.assign import assign, matter, one_level_up, routed_by_rules
from jiesu.domain.derived import derive
from jiesu.domain.effects import Outcome
from jiesu.domain.record import PetitionRecord
from jiesu.domain.routing import Route, department_route, route
from jiesu.domain.rules import PolicyConfig

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
        source=found.source,
        suggested_category=found.suggested,
    )
    outcome.add(classified)
    assign(outcome, routed_by_rules(outcome.config, outcome.current), classified, now, False)


def on_reclassified(outcome: Outcome, event: ev.PetitionReclassified, now: datetime) -> None:
    chosen = routed_by_rules(outcome.config, outcome.current)
    assign(outcome, replace(chosen, reason=f"重新分类：{event.reason}"), event, now, True)


def on_returned(outcome: Outcome, event: ev.PetitionReturned, now: datetime) -> None:
    record, config = outcome.current, outcome.config
    chosen = None
    if any(marker in event.reason for marker in config.routing.not_ours_markers):
        chosen = redirected(config, record, event.reason)
    if chosen is None or chosen.unit == record.unit:
        chosen = one_level_up(outcome, "return-up", f"退单：{event.reason}")
    assign(outcome, chosen, event, now, True)


def redirected(config: PolicyConfig, record: PetitionRecord, reason: str) -> Route | None:
    """Where a "not ours" return goes: the department it names, else the rules again
    without the returning department."""
    because = f"退单：{reason}"
    named = [d for d in config.catalogue.named_in(reason) if f"dept:{d}" != record.unit]
    if named:
        unit, level = f"dept:{named[0]}", ev.HandlingLevel.DEPARTMENT
        return Route(unit, level, "return-named-department", (named[0],), reason=because)
    if record.level is ev.HandlingLevel.DEPARTMENT:
        excluded = {record.unit.removeprefix("dept:")}
        found: Route | None = route(config.routing, matter(record), config.properties, excluded)
    else:
        found = department_route(config.routing, matter(record), config.properties)
    return replace(found, reason=because) if found is not None else None


def on_feedback(outcome: Outcome, event: ev.FeedbackRecorded, now: datetime) -> None:
    record = outcome.current
    if event.satisfaction in _CLOSING:
        closed = _after_feedback(ev.PetitionClosed, record, event, now, "closed")
        outcome.add(closed)
    elif event.satisfaction is ev.Satisfaction.UNSATISFIED:
        reopened = _after_feedback(ev.PetitionReopened, record, event, now, "reopened")
        outcome.add(reopened)
        assign(outcome, one_level_up(outcome, "reopen-up", "回访不满意"), reopened, now, True)


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
