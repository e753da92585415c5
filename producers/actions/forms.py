"""The bodies of the handlers' actions and the events they become."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

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

    unit: Unit
    handler: Annotated[str, StringConstraints(max_length=50)] | None = None
    note: Note | None = None


class ReturnBody(_Body):
    """退单: back to dispatch, with the reason (e.g. not our jurisdiction)."""

    unit: Unit
    reason: Reason


class ResolveBody(_Body):
    """办结: the result of the handling."""

    unit: Unit
    result: Reason


class DepartmentReportBody(_Body):
    """报到: a department answers the street's whistle."""

    whistle_id: Code
    department: Code
    note: Note | None = None


class FeedbackBody(_Body):
    """回访: the call-back's satisfaction score and an optional comment."""

    satisfaction: Literal["SATISFIED", "BASICALLY_SATISFIED", "UNSATISFIED"]
    comment: Note | None = None


def action_event(body: _Body, envelope: dict[str, Any]) -> Event:
    """The event a body records, in the envelope the router made."""
    if isinstance(body, AcceptBody):
        return PetitionAccepted(**envelope, unit=body.unit, handler=body.handler, note=body.note)
    if isinstance(body, ReturnBody):
        return PetitionReturned(**envelope, unit=body.unit, reason=body.reason)
    if isinstance(body, ResolveBody):
        return PetitionResolved(**envelope, unit=body.unit, result=body.result)
    if isinstance(body, DepartmentReportBody):
        return DepartmentReported(
            **envelope, whistle_id=body.whistle_id, department=body.department, note=body.note
        )
    if isinstance(body, FeedbackBody):
        return FeedbackRecorded(
            **envelope, satisfaction=Satisfaction(body.satisfaction), comment=body.comment
        )
    raise TypeError(f"not an action body: {type(body).__name__}")


def acting_unit(body: _Body) -> str | None:
    """The unit whose permission the action needs (None: the call-back desk's)."""
    if isinstance(body, AcceptBody | ReturnBody | ResolveBody):
        return body.unit
    if isinstance(body, DepartmentReportBody):
        return f"dept:{body.department}"
    return None


ActionBody = AcceptBody | ReturnBody | ResolveBody | DepartmentReportBody | FeedbackBody
