"""The task order (任务单): a route becomes ``PetitionRouted`` with its responsible person,
target and deadlines, and the whistle when the route calls for one."""

from __future__ import annotations

from datetime import datetime

from jiesu.domain import events as ev
from jiesu.domain.derived import derive
from jiesu.domain.effects import Outcome
from jiesu.domain.escalation import unit_above
from jiesu.domain.reasons import JOINT_HANDLING, REACHED_STREET
from jiesu.domain.record import PetitionRecord
from jiesu.domain.routing import Matter, Route, route
from jiesu.domain.rules import PolicyConfig
from jiesu.domain.sla import deadlines
from jiesu.domain.whistle import blow


def assign(outcome: Outcome, chosen: Route, cause: ev.Event, now: datetime, again: bool) -> None:
    """Route to ``chosen`` with deadlines from ``now``, the person on duty there and the
    tier's target; blow the whistle if the route calls for one."""
    record, config = outcome.current, outcome.config
    due = deadlines(config.sla, config.calendar, record.tier, record.emergency, now, again)
    who = config.roster.on_duty(chosen.unit, now, record.petition_id)
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
        co_handler=chosen.co_handler,
        responsible=who.handler if who else None,
        responsible_role=who.role if who else None,
        target=config.routing.target(record.tier, record.emergency),
        reason=chosen.reason,
    )
    outcome.add(routed)
    reason = REACHED_STREET if chosen.level is ev.HandlingLevel.STREET else JOINT_HANDLING
    outcome.add(blow(config, outcome.current, routed.event_id, now, reason))


def routed_by_rules(config: PolicyConfig, record: PetitionRecord) -> Route:
    return route(config.routing, matter(record), config.properties)


def one_level_up(outcome: Outcome, rule: str, reason: str = "") -> Route:
    """The unit above the last one; the same unit when there is nothing above."""
    record = outcome.current
    above = unit_above(record, outcome.config.routing.fallback_unit)
    unit, level = above if above is not None else (record.unit, record.level)
    return Route(unit, level, rule, record.departments, reason=reason)


def matter(record: PetitionRecord) -> Matter:
    return Matter(
        record.category, record.tier, record.emergency, record.location, frozenset(record.terms)
    )
