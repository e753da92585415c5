"""Group cases (群体诉求) in a petition's own partition: the lead resolves the group once.

The linker names a lead when many petitioners raise one matter; every member's partition
receives the link. A member then follows the lead (its own clocks stop, handlers' actions on
it are refused, see :mod:`jiesu.domain.lifecycle`). When the lead is resolved, its partition
records ``GroupCaseResolved``; the linker copies it to every member, which is resolved with
the lead's result and called back on its own. A lead that was resolved before the group
formed (or closed and forgotten) resolves the group as soon as it learns it leads one.
"""

from __future__ import annotations

from datetime import datetime

from jiesu.domain import events as ev
from jiesu.domain.derived import derive
from jiesu.domain.effects import Outcome
from jiesu.domain.ids import derived_id
from jiesu.domain.record import PetitionRecord

FORGOTTEN_RESULT = "主件已办结"
"""The result a group gets from a lead that closed before the group formed (its record, and
so its result text, was already forgotten by the partition)."""


def leads(event: ev.PetitionsLinked) -> bool:
    """True for a group case's link as delivered to the lead itself."""
    return event.kind is ev.LinkKind.GROUP_CASE and event.lead_petition_id == event.petition_id


def on_linked(outcome: Outcome, event: ev.PetitionsLinked, now: datetime) -> None:
    """A lead already resolved resolves its group at once."""
    record = outcome.current
    if leads(event) and record.status is ev.Status.RESOLVED:
        outcome.add(resolved_group(record, event.group_id, event.event_id, now))


def on_resolved(outcome: Outcome, event: ev.PetitionResolved, now: datetime) -> None:
    """The lead's resolution is the group's."""
    record = outcome.current
    if record.leads_group:
        outcome.add(resolved_group(record, record.group_id, event.event_id, now))


def resolved_group(
    record: PetitionRecord, group_id: str, cause: str, now: datetime
) -> ev.GroupCaseResolved:
    return derive(
        ev.GroupCaseResolved,
        petition_id=record.petition_id,
        correlation_id=record.correlation_id,
        cause=cause,
        decision="group-resolved",
        now=now,
        actor="group",
        group_id=group_id,
        lead_petition_id=record.petition_id,
        unit=record.unit,
        result=record.result,
    )


def forgotten_lead(event: ev.PetitionsLinked, now: datetime) -> ev.GroupCaseResolved | None:
    """The group resolution of a lead that closed before it was named lead, or None."""
    if not leads(event):
        return None
    return ev.GroupCaseResolved(
        event_id=derived_id(event.event_id, "group-resolved"),
        petition_id=event.petition_id,
        event_time=now,
        recorded_time=now,
        actor="processor:group",
        correlation_id=event.correlation_id,
        causation_id=event.event_id,
        group_id=event.group_id,
        lead_petition_id=event.petition_id,
        unit="",
        result=FORGOTTEN_RESULT,
    )
