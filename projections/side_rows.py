"""How events change the tables beside ``petitions``: breaches, whistles, links, repeats.

Each handler receives the petition's row as it stands *before* the event's lifecycle
fields are settled, so a breach is filed under the unit and whistle it concerned.
"""

from __future__ import annotations

from jiesu.domain import events as ev
from jiesu.domain.links import repeat_of
from jiesu.domain.redaction import redact_text
from projections.workspace import Row, Workspace


def breach(ws: Workspace, row: Row, event: ev.SlaBreached) -> None:
    ws.put(
        "sla_breaches",
        {
            "event_id": event.event_id,
            "petition_id": event.petition_id,
            "kind": event.kind.value,
            "deadline": event.deadline,
            "breached_at": event.event_time,
            "unit": event.unit,
            "level": event.level.value,
            "department": event.department,
            "category": row["category"],
            "street": row["street"],
            "community": row["community"],
        },
    )


def whistle_blown(ws: Workspace, row: Row, event: ev.WhistleBlown) -> None:
    """A new whistle on the list; one the petition blew before is taken off it."""
    whistle_done(ws, row, event)
    whistle = ws.get_or_blank("whistles", event.whistle_id)
    whistle.update(
        petition_id=event.petition_id,
        street=event.street,
        category=row["category"],
        summary=redact_text(event.summary),
        reason=redact_text(event.reason),
        blown_at=event.event_time,
        report_by=event.report_by,
        provisional=event.provisional,
        departments=len(set(event.departments)),
        reported=0,
        open=True,
        blown_by=event.blown_by,
    )
    ws.put("whistles", whistle)
    for department in sorted(set(event.departments)):
        summoned = ws.get_or_blank("whistle_departments", event.whistle_id, department)
        summoned.update(report_by=event.report_by, reported_at=None, note=None, overdue=False)
        ws.put("whistle_departments", summoned)


def department_reported(ws: Workspace, row: Row, event: ev.DepartmentReported) -> None:
    summoned = ws.get_or_blank("whistle_departments", event.whistle_id, event.department)
    summoned.update(reported_at=event.event_time, note=redact_text(event.note))
    ws.put("whistle_departments", summoned)
    whistle = ws.get("whistles", event.whistle_id)
    if whistle is not None:
        whistle["reported"] += 1
        ws.put("whistles", whistle)


def report_overdue(ws: Workspace, row: Row, event: ev.SlaBreached) -> None:
    """A department that missed its report-by time (报到超时) is marked on the list."""
    if event.kind is not ev.DeadlineKind.REPORT or not event.department or not row["whistle_id"]:
        return
    summoned = ws.get("whistle_departments", row["whistle_id"], event.department)
    if summoned is not None:
        summoned["overdue"] = True
        ws.put("whistle_departments", summoned)


def whistle_done(ws: Workspace, row: Row, event: ev.Event) -> None:
    """A resolved petition (or one whose whistle was replaced) takes it off the open list."""
    whistle = ws.get("whistles", row["whistle_id"]) if row["whistle_id"] else None
    if whistle is not None and whistle["open"]:
        whistle["open"] = False
        ws.put("whistles", whistle)


def joined_group(ws: Workspace, row: Row, event: ev.PetitionsLinked) -> None:
    """A group case's member follows its lead: the group's whistle is the lead's."""
    lead = event.lead_petition_id
    if event.kind is ev.LinkKind.GROUP_CASE and lead and lead != event.petition_id:
        whistle_done(ws, row, event)


def link(ws: Workspace, row: Row, event: ev.PetitionsLinked) -> None:
    ws.put(
        "petition_links",
        {
            "group_id": event.group_id,
            "petition_id": event.petition_id,
            "kind": event.kind.value,
            "reason": event.reason,
            "linked_at": event.event_time,
            "members": len(set(event.petition_ids)),
        },
    )
    if (first := repeat_of(event)) is not None:
        flag_repeat(ws, row, first, event)


def classified_repeat(ws: Workspace, row: Row, event: ev.PetitionClassified) -> None:
    if event.repeat_of:
        flag_repeat(ws, row, event.repeat_of, event)


def flag_repeat(ws: Workspace, row: Row, repeat_of: str | None, event: ev.Event) -> None:
    """Put the petition on the special-handling list (first flag wins)."""
    if ws.get("repeats", event.petition_id) is not None:
        return
    ws.put(
        "repeats",
        {
            "petition_id": event.petition_id,
            "repeat_of": repeat_of,
            "flagged_at": event.event_time,
            "category": getattr(event, "category", None) or row["category"],
            "street": row["street"],
            "community": row["community"],
        },
    )
