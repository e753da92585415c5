"""Unit and department scorecards: one counter bump per event, under the unit it concerns.

A unit id's level is its prefix (``grid:…`` → GRID, ``dept:…`` → DEPARTMENT).
"""

from __future__ import annotations

from jiesu.domain import events as ev
from projections.petition_rows import in_time
from projections.workspace import Row, Workspace

LEVELS = {"dept": "DEPARTMENT"}


def bump(ws: Workspace, unit: str, **counts: int) -> None:
    card = ws.get_or_blank("unit_scorecards", unit)
    prefix = unit.split(":", 1)[0]
    card["level"] = LEVELS.get(prefix, prefix.upper())
    for name, count in counts.items():
        card[name] = (card[name] or 0) + count
    ws.put("unit_scorecards", card)


def routed(ws: Workspace, row: Row, event: ev.PetitionRouted) -> None:
    bump(ws, event.unit, assigned=1)


def escalated(ws: Workspace, row: Row, event: ev.PetitionEscalated) -> None:
    bump(ws, event.from_unit, escalated_away=1)
    bump(ws, event.to_unit, assigned=1)


def accepted(ws: Workspace, row: Row, event: ev.PetitionAccepted) -> None:
    on_time = in_time(event.event_time, row["response_deadline"])
    bump(ws, event.unit, accepted=1, accepted_in_time=int(bool(on_time)))


def returned(ws: Workspace, row: Row, event: ev.PetitionReturned) -> None:
    bump(ws, event.unit, returned=1)


def resolved(ws: Workspace, row: Row, event: ev.PetitionResolved) -> None:
    on_time = in_time(event.event_time, row["resolution_deadline"])
    bump(ws, event.unit, resolved=1, resolved_in_time=int(bool(on_time)))


def feedback(ws: Workspace, row: Row, event: ev.FeedbackRecorded) -> None:
    """The score goes to the unit that handled the petition when it was called back."""
    if row["unit"] is None:
        return
    if event.satisfaction is ev.Satisfaction.UNSATISFIED:
        bump(ws, row["unit"], unsatisfied=1)
    elif event.satisfaction is not ev.Satisfaction.UNKNOWN:
        bump(ws, row["unit"], satisfied=1)


def breached(ws: Workspace, row: Row, event: ev.SlaBreached) -> None:
    late = f"dept:{event.department}" if event.department else event.unit
    bump(ws, late, breaches=1)


def whistle_blown(ws: Workspace, row: Row, event: ev.WhistleBlown) -> None:
    for department in sorted(set(event.departments)):
        bump(ws, f"dept:{department}", summoned=1)


def department_reported(ws: Workspace, row: Row, event: ev.DepartmentReported) -> None:
    bump(ws, f"dept:{event.department}", reported=1)
