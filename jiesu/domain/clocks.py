"""The clocks an assignment or a whistle starts, with their warning times.

A clock read back from the log carries only its due time, so whether it counts working days
(for the warning's working-time fraction) is found by recomputing the deadline from the
configuration at the event's time: the same inputs give the same answer on every replay.
"""

from __future__ import annotations

from datetime import datetime

from jiesu.domain import events as ev
from jiesu.domain.events import DeadlineKind as Kind
from jiesu.domain.record import Clock, PetitionRecord
from jiesu.domain.rules import PolicyConfig
from jiesu.domain.sla import deadlines, warn_time


def assigned_clocks(
    config: PolicyConfig,
    record: PetitionRecord,
    e: ev.Event,
    response: datetime,
    resolution: datetime,
) -> PetitionRecord:
    """New sign-for and resolution clocks for the unit the record is now assigned to."""
    clocks = [
        _clock(config, record, e, kind, due)
        for kind, due in ((Kind.RESPONSE, response), (Kind.RESOLUTION, resolution))
    ]
    return record.with_clocks(*clocks)


def _clock(
    config: PolicyConfig, record: PetitionRecord, e: ev.Event, kind: Kind, due: datetime
) -> Clock:
    start = e.event_time
    working = _is_working(config, record, start, due, kind)
    warn_at = warn_time(config.calendar, start, due, config.sla.warn_fraction, working)
    return Clock(kind, due, warn_at, e.event_id, record.unit, record.level)


def _is_working(
    config: PolicyConfig, record: PetitionRecord, start: datetime, due: datetime, kind: Kind
) -> bool:
    """Whether the clock ending at ``due`` counts working days, found by recomputing it."""
    for escalated in (False, True):
        d = deadlines(config.sla, config.calendar, record.tier, record.emergency, start, escalated)
        if kind is Kind.RESPONSE and d.response == due:
            return d.response_working
        if kind is Kind.RESOLUTION and d.resolution == due:
            return d.resolution_working
    return False


def report_clocks(
    config: PolicyConfig, record: PetitionRecord, e: ev.WhistleBlown
) -> PetitionRecord:
    """A report (报到) clock for every department the whistle summons."""
    working = config.sla.report_within.working
    warn_at = warn_time(
        config.calendar, e.event_time, e.report_by, config.sla.warn_fraction, working
    )
    clocks = [
        Clock(Kind.REPORT, e.report_by, warn_at, e.event_id, e.street, ev.HandlingLevel.STREET, d)
        for d in e.departments
    ]
    return record.without(Kind.REPORT).with_clocks(*clocks)


def adopted(config: PolicyConfig, record: PetitionRecord, logged: ev.Event) -> PetitionRecord:
    """``record`` with the clocks of ``logged`` (an assignment or a whistle it already holds
    under the same id) when the log's deadlines differ from those it runs."""
    if isinstance(logged, ev.PetitionRouted | ev.PetitionEscalated):
        running = record.clock(Kind.RESOLUTION)
        if logged.event_id != record.assigned_by or running is None:
            return record
        if running.due == logged.resolution_deadline:
            return record
        due = (logged.response_deadline, logged.resolution_deadline)
        return assigned_clocks(config, record, logged, *due)
    if isinstance(logged, ev.WhistleBlown) and logged.whistle_id == record.state.whistle_id:
        reports = [c for c in record.clocks if c.kind is Kind.REPORT]
        if reports and all(c.due != logged.report_by for c in reports):
            return report_clocks(config, record, logged)
    return record
