"""How each event changes a :class:`PetitionRecord`: the one fold used both for the events
the policy decides and for the events it reads back from the log (or from an older run)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from jiesu.domain import events as ev
from jiesu.domain.clocks import assigned_clocks, report_clocks
from jiesu.domain.events import DeadlineKind as Kind
from jiesu.domain.lifecycle import NEW, evolve
from jiesu.domain.record import Callback, PetitionRecord
from jiesu.domain.routing import terms_in
from jiesu.domain.rules import PolicyConfig
from jiesu.domain.whistle import excerpt

Effect = Callable[[PolicyConfig, PetitionRecord, Any], PetitionRecord]


def fold(
    config: PolicyConfig, record: PetitionRecord | None, event: ev.Event
) -> PetitionRecord | None:
    """The record after ``event`` (no permission check: the caller asks the lifecycle)."""
    if isinstance(event, ev.PetitionReceived):
        return record if record is not None else received(config, event)
    if record is None:
        return None
    moved = replace(record, state=evolve(record.state, event))
    effect = _EFFECTS.get(type(event))
    return effect(config, moved, event) if effect else moved


def already_applied(record: PetitionRecord, event: ev.Event) -> bool:
    """True for an assignment or whistle the record already holds (an echo from the log):
    folding it again would restart clocks that have been warned or discharged since."""
    if isinstance(event, ev.PetitionRouted | ev.PetitionEscalated):
        return event.event_id == record.assigned_by
    if isinstance(event, ev.WhistleBlown):
        return event.whistle_id == record.state.whistle_id
    return False


def received(config: PolicyConfig, event: ev.PetitionReceived) -> PetitionRecord:
    """A new record: the location's codes only, the text only as a PII-free excerpt."""
    where = event.location
    return PetitionRecord(
        petition_id=event.petition_id,
        correlation_id=event.correlation_id,
        state=evolve(NEW, event),
        terms=terms_in(
            f"{event.title or ''}\n{event.text}",
            (*config.routing.vocabulary(), *config.catalogue.vocabulary()),
        ),
        location=ev.Location(
            district=where.district,
            street=where.street,
            community=where.community,
            compound=where.compound,
            grid=where.grid,
        ),
        excerpt=excerpt(event.text),
    )


def _classified(
    _: PolicyConfig, record: PetitionRecord, e: ev.PetitionClassified
) -> PetitionRecord:
    terms = tuple(sorted(set(record.terms) | set(e.keywords)))
    return replace(record, category=e.category, tier=e.sla_tier, emergency=e.emergency, terms=terms)


def _reclassified(
    _: PolicyConfig, record: PetitionRecord, e: ev.PetitionReclassified
) -> PetitionRecord:
    tier = e.sla_tier if e.sla_tier is not None else record.tier
    emergency = e.emergency if e.emergency is not None else record.emergency
    return replace(record, category=e.category, tier=tier, emergency=emergency)


def _routed(config: PolicyConfig, record: PetitionRecord, e: ev.PetitionRouted) -> PetitionRecord:
    record = replace(
        record,
        departments=e.departments,
        rule=e.rule,
        assigned_by=e.event_id,
        co_handler=e.co_handler,
    )
    return assigned_clocks(config, record, e, e.response_deadline, e.resolution_deadline)


def _linked(_: PolicyConfig, record: PetitionRecord, e: ev.PetitionsLinked) -> PetitionRecord:
    """A group case's member stops its own clocks: the lead's deadlines rule the group."""
    if e.kind is not ev.LinkKind.GROUP_CASE or not e.lead_petition_id:
        return record
    record = replace(record, group_id=e.group_id)
    return record.without(*Kind) if record.follows_lead else record


def _group_resolved(
    config: PolicyConfig, record: PetitionRecord, e: ev.GroupCaseResolved
) -> PetitionRecord:
    """A member is resolved with its lead, and its own call-back window opens."""
    if e.lead_petition_id == record.petition_id:
        return record
    return _callback_opens(config, replace(record, result=e.result).without(*Kind), e)


def _escalated(
    config: PolicyConfig, record: PetitionRecord, e: ev.PetitionEscalated
) -> PetitionRecord:
    record = replace(record, escalations=record.escalations + 1, assigned_by=e.event_id)
    return assigned_clocks(config, record, e, e.response_deadline, e.resolution_deadline)


def _reported(_: PolicyConfig, record: PetitionRecord, e: ev.DepartmentReported) -> PetitionRecord:
    kept = tuple(
        c for c in record.clocks if not (c.kind is Kind.REPORT and c.department == e.department)
    )
    return replace(record, clocks=kept)


def _resolved(
    config: PolicyConfig, record: PetitionRecord, e: ev.PetitionResolved
) -> PetitionRecord:
    """The clocks stop; the call-back window opens (a later resolution opens a new one)."""
    resolved = replace(record, result=e.result).without(Kind.RESPONSE, Kind.RESOLUTION)
    return _callback_opens(config, resolved, e)


def _callback_opens(config: PolicyConfig, record: PetitionRecord, e: ev.Event) -> PetitionRecord:
    due = config.sla.callback_within.due(config.calendar, e.event_time)
    return replace(record, callback=Callback(due, e.event_id))


def _dropping(*kinds: Kind) -> Effect:
    return lambda _config, record, _event: record.without(*kinds)


def _marking(mark: str) -> Effect:
    return lambda _config, record, e: record.marked(e.kind, e.department, e.deadline, mark)


_EFFECTS: dict[type[ev.Event], Effect] = {
    ev.PetitionClassified: _classified,
    ev.PetitionReclassified: _reclassified,
    ev.PetitionRouted: _routed,
    ev.PetitionEscalated: _escalated,
    ev.WhistleBlown: report_clocks,
    ev.DepartmentReported: _reported,
    ev.PetitionAccepted: _dropping(Kind.RESPONSE),
    ev.PetitionReturned: _dropping(Kind.RESPONSE, Kind.RESOLUTION),
    ev.PetitionResolved: _resolved,
    ev.GroupCaseResolved: _group_resolved,
    ev.PetitionsLinked: _linked,
    ev.PetitionClosed: _dropping(Kind.RESPONSE, Kind.RESOLUTION, Kind.REPORT),
    ev.SlaWarned: _marking("warned"),
    ev.SlaBreached: _marking("breached"),
}


class Outcome:
    """The events decided so far and the record that already includes their effects."""

    def __init__(self, config: PolicyConfig, record: PetitionRecord | None) -> None:
        self.config = config
        self.record = record
        self.events: list[ev.Event] = []

    def add(self, event: ev.Event | None) -> None:
        if event is not None:
            self.events.append(event)
            self.record = fold(self.config, self.record, event)

    @property
    def current(self) -> PetitionRecord:
        assert self.record is not None, "no petition record yet"
        return self.record
