"""The bodies of the handlers' actions and the events they become.

The unit, the department and the person come from the credential; a body may repeat the
unit or the department (older clients send them) but never choose them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

from jiesu.domain.acting import Action, Permission
from jiesu.domain.events import (
    DepartmentReported,
    Event,
    FeedbackRecorded,
    PetitionAccepted,
    PetitionResolved,
    PetitionReturned,
    Satisfaction,
)

Unit = Annotated[
    str,
    StringConstraints(
        max_length=80, pattern=r"^(grid|compound|community|street|district|dept):[a-z0-9_.]+$"
    ),
]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[\w.:\-]+$")]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AcceptBody(_Body):
    """签收: the unit takes the work order on."""

    unit: Unit | None = None
    handler: Annotated[str, StringConstraints(max_length=50)] | None = None
    note: Note | None = None


class ReturnBody(_Body):
    """退单: back to dispatch, with the reason (e.g. not our jurisdiction)."""

    unit: Unit | None = None
    reason: Reason


class ResolveBody(_Body):
    """办结: the result of the handling."""

    unit: Unit | None = None
    result: Reason


class DepartmentReportBody(_Body):
    """报到: a department answers the street's whistle (the department is the key's own)."""

    whistle_id: Code
    department: Code | None = None
    note: Note | None = None


class FeedbackBody(_Body):
    """回访: the call-back's satisfaction score and an optional comment."""

    satisfaction: Literal["SATISFIED", "BASICALLY_SATISFIED", "UNSATISFIED"]
    comment: Note | None = None


ActionBody = AcceptBody | ReturnBody | ResolveBody | DepartmentReportBody | FeedbackBody
ACTIONS: dict[type[_Body], Action] = {
    AcceptBody: Action.ACCEPT,
    ReturnBody: Action.RETURN,
    ResolveBody: Action.RESOLVE,
    DepartmentReportBody: Action.DEPARTMENT_REPORT,
    FeedbackBody: Action.FEEDBACK,
}


def action_event(body: ActionBody, envelope: dict[str, Any], allowed: Permission) -> Event:
    """The event a body records, in the envelope the router made, for the allowed unit."""
    unit = allowed.unit or ""
    if isinstance(body, AcceptBody):
        return PetitionAccepted(**envelope, unit=unit, handler=envelope["acted_by"], note=body.note)
    if isinstance(body, ReturnBody):
        return PetitionReturned(**envelope, unit=unit, reason=body.reason)
    if isinstance(body, ResolveBody):
        return PetitionResolved(**envelope, unit=unit, result=body.result)
    if isinstance(body, DepartmentReportBody):
        department = allowed.department or ""
        return DepartmentReported(
            **envelope, whistle_id=body.whistle_id, department=department, note=body.note
        )
    return FeedbackRecorded(
        **envelope, satisfaction=Satisfaction(body.satisfaction), comment=body.comment
    )


def claimed(body: ActionBody) -> dict[str, str | None]:
    """What the body says of who acts (each must match the credential when given)."""
    if isinstance(body, AcceptBody):
        return {"unit": body.unit, "handler": body.handler}
    if isinstance(body, ReturnBody | ResolveBody):
        return {"unit": body.unit}
    if isinstance(body, DepartmentReportBody):
        return {"department": body.department}
    return {}
