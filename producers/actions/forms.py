"""The bodies of the handlers' actions and the events they become.

The unit, the department and the person come from the credential; a body may repeat the
unit or the department (older clients send them) but never choose them. The dispatch desk's
reclassification and a community's or street's hand-blown whistle are actions too: the
whistle's body names which of the credential's units blows it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from jiesu.domain.acting import Action, Permission
from jiesu.domain.events import (
    DepartmentReported,
    Event,
    FeedbackRecorded,
    PetitionAccepted,
    PetitionReclassified,
    PetitionResolved,
    PetitionReturned,
    Satisfaction,
    SlaTier,
    WhistleRequested,
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
Blower = Annotated[
    str, StringConstraints(max_length=80, pattern=r"^(community|street):[a-z0-9_.]+$")
]


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


class ReclassifyBody(_Body):
    """改类: the dispatch desk changes the category (and, if given, the tier or the
    emergency flag); the petition is routed again."""

    category: Code
    sla_tier: Literal["ORDINARY", "DIFFICULT", "THORNY", "MAJOR_RISK"] | None = None
    emergency: bool | None = None
    reason: Reason


class WhistleBody(_Body):
    """吹哨: a community or street summons departments to report, by hand."""

    unit: Blower
    departments: Annotated[list[Code], Field(min_length=1, max_length=10)]
    reason: Reason


ActionBody = (
    AcceptBody
    | ReturnBody
    | ResolveBody
    | DepartmentReportBody
    | FeedbackBody
    | ReclassifyBody
    | WhistleBody
)
ACTIONS: dict[type[_Body], Action] = {
    AcceptBody: Action.ACCEPT,
    ReturnBody: Action.RETURN,
    ResolveBody: Action.RESOLVE,
    DepartmentReportBody: Action.DEPARTMENT_REPORT,
    FeedbackBody: Action.FEEDBACK,
    ReclassifyBody: Action.RECLASSIFY,
    WhistleBody: Action.BLOW_WHISTLE,
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
    if isinstance(body, FeedbackBody):
        satisfaction = Satisfaction(body.satisfaction)
        return FeedbackRecorded(**envelope, satisfaction=satisfaction, comment=body.comment)
    return _desk_event(body, envelope, unit)


def _desk_event(body: ReclassifyBody | WhistleBody, envelope: dict[str, Any], unit: str) -> Event:
    if isinstance(body, ReclassifyBody):
        tier = SlaTier(body.sla_tier) if body.sla_tier else None
        return PetitionReclassified(
            **envelope, category=body.category, sla_tier=tier, emergency=body.emergency,
            reason=body.reason,
        )  # fmt: skip
    departments = tuple(dict.fromkeys(body.departments))
    return WhistleRequested(**envelope, unit=unit, departments=departments, reason=body.reason)


def claimed(body: ActionBody) -> dict[str, str | None]:
    """What the body says of who acts (each must match the credential when given)."""
    if isinstance(body, AcceptBody):
        return {"unit": body.unit, "handler": body.handler}
    if isinstance(body, ReturnBody | ResolveBody | WhistleBody):
        return {"unit": body.unit}
    if isinstance(body, DepartmentReportBody):
        return {"department": body.department}
    return {}
