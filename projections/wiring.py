"""Which handler each event type reaches; the projections and their tables are declared in
:mod:`projections.declared` (re-exported here as :data:`PROJECTIONS`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jiesu.domain import events as ev
from projections import erased_rows, petition_rows, scorecards, side_rows
from projections.declared import PROJECTIONS
from projections.workspace import Row, Workspace

Handler = Callable[[Workspace, Row, Any], None]


def on_row(change: Callable[[Row, Any], object]) -> Handler:
    """A ``petitions``-row change as a handler."""

    def handler(ws: Workspace, row: Row, event: Any) -> None:
        change(row, event)

    return handler


P, SC, W = "petitions", "scorecards", "whistles"

HANDLERS: dict[type[ev.Event], tuple[tuple[str, Handler], ...]] = {
    ev.PetitionReceived: (),
    ev.PetitionClassified: (
        (P, on_row(petition_rows.classified)),
        (P, side_rows.classified_repeat),
    ),
    ev.PetitionRouted: ((P, on_row(petition_rows.routed)), (SC, scorecards.routed)),
    ev.PetitionAccepted: ((SC, scorecards.accepted), (P, on_row(petition_rows.accepted))),
    ev.PetitionReturned: ((P, on_row(petition_rows.returned)), (SC, scorecards.returned)),
    ev.PetitionEscalated: ((P, on_row(petition_rows.escalated)), (SC, scorecards.escalated)),
    ev.WhistleBlown: ((W, side_rows.whistle_blown), (SC, scorecards.whistle_blown)),
    ev.DepartmentReported: (
        (W, side_rows.department_reported),
        (SC, scorecards.department_reported),
    ),
    ev.PetitionResolved: (
        (SC, scorecards.resolved),
        (W, side_rows.whistle_done),
        (P, on_row(petition_rows.resolved)),
    ),
    ev.FeedbackRecorded: ((P, on_row(petition_rows.feedback)), (SC, scorecards.feedback)),
    ev.PetitionReopened: (),
    ev.PetitionClosed: ((P, on_row(petition_rows.closed)), (W, side_rows.whistle_done)),
    ev.SlaWarned: (),
    ev.SlaBreached: (
        (P, on_row(petition_rows.breached)),
        ("breaches", side_rows.breach),
        (SC, scorecards.breached),
        (W, side_rows.report_overdue),
    ),
    ev.PetitionsLinked: (
        (P, on_row(petition_rows.linked)),
        (P, side_rows.link),
        (W, side_rows.joined_group),
    ),
    ev.ActionRejected: (),
    ev.PetitionReclassified: ((P, on_row(petition_rows.reclassified)),),
    ev.WhistleRequested: (),
    ev.GroupCaseResolved: (
        (P, on_row(petition_rows.group_resolved)),
        (W, side_rows.whistle_done),
    ),
    ev.PetitionerErased: ((P, erased_rows.erased),),
}
"""Event type → its handlers, in order; handlers of projections not being built are skipped."""


def tables_of(projections: set[str] | frozenset[str]) -> list[str]:
    return [table for name in PROJECTIONS if name in projections for table in PROJECTIONS[name]]
