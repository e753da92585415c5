"""How each event changes the ``petitions`` row (the lifecycle fields come from
:func:`jiesu.domain.lifecycle.evolve`, in :mod:`projections.fold`, not from here)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from jiesu.domain import events as ev
from jiesu.domain.links import repeat_of
from jiesu.domain.privacy import mask_phone
from jiesu.domain.redaction import redact_text
from jiesu.domain.reporting import meets
from projections.workspace import Row, blank
from schemas.convert import names_of

SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai_day(moment: datetime) -> str:
    """The calendar day in Beijing time: the day a citizen and the dashboards mean."""
    return moment.astimezone(SHANGHAI).date().isoformat()


def received(event: ev.PetitionReceived) -> Row:
    """A new row: where and how the petition came in; the phone only masked, free text
    without phones, numbers or the petitioner's name."""
    made = blank("petitions")
    place = event.location
    names = names_of(event)
    made.update(
        petition_id=event.petition_id,
        channel=event.channel.value,
        channel_ref=event.channel_ref,
        title=redact_text(event.title, names),
        text=redact_text(event.text, names),
        phone_masked=mask_phone(event.petitioner.phone),
        anonymous=event.petitioner.anonymous,
        district=place.district,
        street=place.street,
        community=place.community,
        compound=place.compound,
        grid=place.grid,
        address=redact_text(place.address, names),
        lat=place.lat,
        lon=place.lon,
        received_at=event.event_time,
        received_day=shanghai_day(event.event_time),
    )
    return made


def classified(row: Row, event: ev.PetitionClassified) -> None:
    row.update(
        category=event.category,
        category_source=event.source,
        suggested_category=event.suggested_category,
        sla_tier=event.sla_tier.value,
        emergency=event.emergency,
        repeat_of=event.repeat_of,
    )


def reclassified(row: Row, event: ev.PetitionReclassified) -> None:
    """A dispatcher's category replaces the channel's or the classifier's."""
    row.update(category=event.category, category_source="dispatcher", suggested_category=None)
    if event.sla_tier is not None:
        row["sla_tier"] = event.sla_tier.value
    if event.emergency is not None:
        row["emergency"] = event.emergency


def routed(row: Row, event: ev.PetitionRouted) -> None:
    """The task order (departments, co-handler, responsible person, target) and the
    deadlines in force; the first resolution deadline is kept: it judges on-time."""
    row.update(
        departments=",".join(sorted(event.departments)),
        co_handler=event.co_handler,
        responsible=event.responsible,
        responsible_role=event.responsible_role,
        target=event.target,
        route_rule=event.rule,
        route_reason=event.reason,
        response_deadline=event.response_deadline,
        resolution_deadline=event.resolution_deadline,
        provisional=event.provisional,
    )
    if row["routed_at"] is None:
        row["routed_at"] = event.event_time
    if row["first_resolution_deadline"] is None:
        row["first_resolution_deadline"] = event.resolution_deadline


def accepted(row: Row, event: ev.PetitionAccepted) -> None:
    """The first acceptance (签收) decides whether the petition was responded to in time."""
    if row["accepted_at"] is None:
        row["accepted_at"] = event.event_time
        row["responded_in_time"] = in_time(event.event_time, row["response_deadline"])


def returned(row: Row, event: ev.PetitionReturned) -> None:
    row["return_count"] += 1


def escalated(row: Row, event: ev.PetitionEscalated) -> None:
    row["escalation_count"] += 1
    row["response_deadline"] = event.response_deadline
    row["resolution_deadline"] = event.resolution_deadline
    row["provisional"] = event.provisional


def resolved(row: Row, event: ev.PetitionResolved | ev.GroupCaseResolved) -> None:
    """The latest resolution counts (a reopened petition is judged on its last result)."""
    row["resolved_at"] = event.event_time
    row["resolved_in_time"] = in_time(event.event_time, row["resolution_deadline"])
    row["result"] = redact_text(event.result)


def group_resolved(row: Row, event: ev.GroupCaseResolved) -> None:
    """A member is resolved with its lead (the lead's own copy changes nothing here)."""
    if event.petition_id != event.lead_petition_id:
        resolved(row, event)


def feedback(row: Row, event: ev.FeedbackRecorded) -> None:
    row["satisfaction"] = event.satisfaction.value


def closed(row: Row, event: ev.PetitionClosed) -> None:
    """Closed after a score, or as 无法回访 when the call-back window passed without one."""
    row["closed_at"] = event.event_time
    row["satisfaction"] = event.satisfaction.value
    row["unreachable"] = event.unreachable


def breached(row: Row, event: ev.SlaBreached) -> None:
    row["breached"] = True
    row["breach_count"] += 1


def linked(row: Row, event: ev.PetitionsLinked) -> None:
    if event.kind is ev.LinkKind.GROUP_CASE:
        row["group_id"] = event.group_id
        row["lead_petition_id"] = event.lead_petition_id
    elif event.kind is ev.LinkKind.REPEAT and row["repeat_of"] is None:
        row["repeat_of"] = repeat_of(event)


def in_time(moment: datetime, deadline: datetime | None) -> bool | None:
    """Whether ``moment`` met ``deadline`` (None when no deadline was ever set)."""
    if deadline is None:
        return None
    return meets(as_utc(moment), as_utc(deadline))


def as_utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; every datetime stored here is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
