"""The bodies of the handlers' actions and the events they become.

The dispatch desk's reclassification and a community's or street's hand-blown whistle are
actions too: published as facts after the read-model check, like the others, until the
commands topic replaces this path.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

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
DISPATCH = "dispatch"
"""The pseudo-unit of the dispatch desk (智能研判区): its handlers may reclassify."""


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
    if isinstance(body, ReclassifyBody):
        tier = SlaTier(body.sla_tier) if body.sla_tier else None
        return PetitionReclassified(
            **envelope, category=body.category, sla_tier=tier, emergency=body.emergency,
            reason=body.reason,
        )  # fmt: skip
    if isinstance(body, WhistleBody):
        departments = tuple(dict.fromkeys(body.departments))
        return WhistleRequested(
            **envelope, unit=body.unit, departments=departments, reason=body.reason
        )
    raise TypeError(f"not an action body: {type(body).__name__}")


def acting_unit(body: _Body) -> str | None:
    """The unit whose permission the action needs (None: the call-back desk's)."""
    if isinstance(body, AcceptBody | ReturnBody | ResolveBody | WhistleBody):
        return body.unit
    if isinstance(body, DepartmentReportBody):
        return f"dept:{body.department}"
    if isinstance(body, ReclassifyBody):
        return DISPATCH
    return None


ActionBody = (
    AcceptBody
    | ReturnBody
    | ResolveBody
    | DepartmentReportBody
    | FeedbackBody
    | ReclassifyBody
    | WhistleBody
)
