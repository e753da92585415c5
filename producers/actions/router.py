"""POST /petitions/{id}/{action}: handlers' actions, checked against the read model first.

The check uses the state machine every side shares (``lifecycle.refusal``): an action it
refuses is a 409 with the reason and publishes nothing. The stream processor applies the same
function again on the log, so an action that became invalid meanwhile is recorded as
rejected there, never applied.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel

from jiesu.domain.ids import derived_id
from jiesu.domain.lifecycle import refusal
from producers.actions.forms import (
    AcceptBody,
    ActionBody,
    DepartmentReportBody,
    FeedbackBody,
    ResolveBody,
    ReturnBody,
    acting_unit,
    action_event,
)
from producers.credentials import Handler
from producers.http.context import Bearer, Ctx, IntakeContext, token_of
from producers.http.errors import IntakeError, forbidden, unauthorized
from producers.readmodel import PetitionView

router = APIRouter(prefix="/petitions", tags=["handlers' actions"])
PetitionId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9a-fA-F\-]+$")]


class ActionAccepted(BaseModel):
    petition_id: str
    event_id: str
    action: str
    message_en: str = "action recorded"
    message_zh: str = "操作已记录"


async def _handler(ctx: Ctx, creds: Bearer) -> Handler:
    handler = ctx.credentials.handler(token_of(creds))
    if handler is None:
        raise unauthorized("a valid handler key is required", "需要有效的办理单位密钥")
    return handler


HandlerDep = Annotated[Handler, Depends(_handler)]


def record(
    ctx: IntakeContext, petition_id: str, body: ActionBody, handler: Handler
) -> ActionAccepted:
    """Check permission and state, then publish; the answer follows the acknowledgment."""
    unit = acting_unit(body)
    if unit is not None and not handler.may_act_for(unit):
        raise forbidden(f"not allowed to act for {unit}", "无权代表该单位办理")
    view = ctx.read_model.petition(petition_id)
    if view is None:
        raise IntakeError(404, "unknown_petition", "no such petition (yet)", "未找到该诉求")
    event = action_event(body, _envelope(ctx, view, body, unit))
    reason = refusal(view.state, event)
    if reason is not None:
        raise IntakeError(409, "action_refused", reason, f"当前状态不允许此操作：{reason}")
    ctx.intake.publish_action(event)
    return ActionAccepted(
        petition_id=petition_id, event_id=event.event_id, action=type(event).__name__
    )


def _envelope(
    ctx: IntakeContext, view: PetitionView, body: ActionBody, unit: str | None
) -> dict[str, Any]:
    """Deterministic id: the same action on the same version of the petition is one fact."""
    payload = json.dumps(body.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(payload.encode()).hexdigest()
    now = ctx.clock()
    return {
        "event_id": derived_id(
            "action", view.petition_id, type(body).__name__, view.version, digest
        ),
        "petition_id": view.petition_id,
        "event_time": now,
        "recorded_time": now,
        "actor": f"unit:{unit}" if unit else "channel:hotline",
        "correlation_id": view.petition_id,
    }


ANSWERS: dict[int | str, dict[str, Any]] = {
    404: {"description": "unknown petition"},
    409: {"description": "refused by the state machine"},
}


@router.post("/{petition_id}/accept", status_code=202, responses=ANSWERS)
def accept(
    petition_id: PetitionId, body: AcceptBody, handler: HandlerDep, ctx: Ctx
) -> ActionAccepted:
    """签收 (accept the work order)."""
    return record(ctx, petition_id, body, handler)


@router.post("/{petition_id}/return", status_code=202, responses=ANSWERS)
def return_(
    petition_id: PetitionId, body: ReturnBody, handler: HandlerDep, ctx: Ctx
) -> ActionAccepted:
    """退单 (return to dispatch with a reason)."""
    return record(ctx, petition_id, body, handler)


@router.post("/{petition_id}/resolve", status_code=202, responses=ANSWERS)
def resolve(
    petition_id: PetitionId, body: ResolveBody, handler: HandlerDep, ctx: Ctx
) -> ActionAccepted:
    """办结 (resolved, with the result)."""
    return record(ctx, petition_id, body, handler)


@router.post("/{petition_id}/department-report", status_code=202, responses=ANSWERS)
def department_report(
    petition_id: PetitionId, body: DepartmentReportBody, handler: HandlerDep, ctx: Ctx
) -> ActionAccepted:
    """报到 (a department reports to the street's whistle)."""
    return record(ctx, petition_id, body, handler)


@router.post("/{petition_id}/feedback", status_code=202, responses=ANSWERS)
def feedback(
    petition_id: PetitionId, body: FeedbackBody, handler: HandlerDep, ctx: Ctx
) -> ActionAccepted:
    """回访 (the call-back's satisfaction)."""
    return record(ctx, petition_id, body, handler)
