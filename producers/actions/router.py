"""POST /petitions/{id}/{action}: handlers' actions, bound to the credential that sends them.

Who acts is the credential's: a ``channels.yaml`` handler key or a machine account's token
names the person (recorded as ``acted_by``) and the units or scope it acts for. A petition
outside that scope is unknown (404); a role that never does the action is refused (403); a
petition assigned to another unit is a conflict (409), as is anything the state machine
refuses on the read model (``lifecycle.refusal``, shared with the processors and the
projector). What passes is a command on ``petition-commands``; the petitions processor decides
it, and the answer waits up to ``JIESU_ACTION_WAIT_MS`` for the outcome: 200 with the fact's
id, 409 with the processor's reason, or 202 with a status URL that gives the outcome later.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response

from jiesu.domain.acting import Actor, Permission, Refusal, RefusalKind, decide
from jiesu.domain.ids import derived_id
from jiesu.domain.lifecycle import refusal
from jiesu.domain.readmodel import PetitionView
from producers.actions.answers import ActionAccepted, answer
from producers.actions.forms import (
    ACTIONS,
    AcceptBody,
    ActionBody,
    DepartmentReportBody,
    FeedbackBody,
    ResolveBody,
    ReturnBody,
    action_event,
    claimed,
)
from producers.http.auth import admit, same_as_credential
from producers.http.context import Bearer, Ctx, IntakeContext, token_of
from producers.http.errors import IntakeError, forbidden

router = APIRouter(prefix="/petitions", tags=["handlers' actions"])
PetitionId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9a-fA-F\-]+$")]
CommandId = Annotated[str, Path(min_length=36, max_length=36, pattern=r"^[0-9a-f\-]+$")]
CALLBACK_ACTOR = "role:callback"


async def _actor(ctx: Ctx, creds: Bearer, request: Request) -> Actor:
    token = token_of(creds)
    handler = ctx.credentials.handler(token)
    actor = handler.actor() if handler is not None else None
    if actor is None and ctx.accounts is not None:
        account = ctx.accounts.by_token(token)
        actor = account.actor() if account is not None else None
    return admit(ctx, request, token, actor, "handler key")


ActorDep = Annotated[Actor, Depends(_actor)]


def record(
    ctx: IntakeContext, petition_id: str, body: ActionBody, actor: Actor, response: Response
) -> ActionAccepted:
    """Check who may act and the state, publish the command, answer with its outcome."""
    view = ctx.read_model.petition(petition_id)
    named = claimed(body)
    decision = (
        decide(actor, ACTIONS[type(body)], view.facts, named.get("department"), named.get("unit"))
        if view is not None
        else None
    )
    if view is None or decision is None or _hidden(decision):
        raise IntakeError(404, "unknown_petition", "no such petition (yet)", "未找到该诉求")
    if isinstance(decision, Refusal):
        raise _refused(decision)
    same_as_credential({"handler": named.get("handler")}, {"handler": actor.name})
    event = action_event(body, _envelope(ctx, view, body, decision, actor), decision)
    reason = refusal(view.state, event)
    if reason is not None:
        raise IntakeError(409, "action_refused", reason, f"当前状态不允许此操作：{reason}")
    ctx.intake.publish_command(event, ctx.settings.petition_commands_topic)
    outcome = ctx.outcomes.wait(event.event_id, ctx.settings.action_wait_ms / 1000)
    return answer(petition_id, event.event_id, outcome, response, event)


def _hidden(decision: Permission | Refusal) -> bool:
    return isinstance(decision, Refusal) and decision.kind is RefusalKind.NOT_VISIBLE


def _refused(decision: Refusal) -> IntakeError:
    if decision.kind is RefusalKind.NOT_PERMITTED:
        return forbidden(decision.reason, f"无权办理：{decision.reason}")
    return IntakeError(409, "not_assigned", decision.reason, f"该诉求未派给你：{decision.reason}")


def _envelope(
    ctx: IntakeContext, view: PetitionView, body: ActionBody, allowed: Permission, actor: Actor
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
        "actor": f"unit:{allowed.unit}" if allowed.unit else CALLBACK_ACTOR,
        "correlation_id": view.petition_id,
        "acted_by": actor.name,
    }


ANSWERS: dict[int | str, dict[str, Any]] = {
    403: {"description": "the credential's role never does this action"},
    404: {"description": "unknown petition, or outside the credential's scope"},
    202: {"description": "published, not decided within JIESU_ACTION_WAIT_MS: see status_url"},
    409: {"description": "assigned to another unit, or refused by the state machine"},
}


@router.post("/{petition_id}/accept", responses=ANSWERS)
def accept(
    petition_id: PetitionId, body: AcceptBody, actor: ActorDep, ctx: Ctx, response: Response
) -> ActionAccepted:
    """签收 (accept the work order)."""
    return record(ctx, petition_id, body, actor, response)


@router.post("/{petition_id}/return", responses=ANSWERS)
def return_(
    petition_id: PetitionId, body: ReturnBody, actor: ActorDep, ctx: Ctx, response: Response
) -> ActionAccepted:
    """退单 (return to dispatch with a reason)."""
    return record(ctx, petition_id, body, actor, response)


@router.post("/{petition_id}/resolve", responses=ANSWERS)
def resolve(
    petition_id: PetitionId, body: ResolveBody, actor: ActorDep, ctx: Ctx, response: Response
) -> ActionAccepted:
    """办结 (resolved, with the result)."""
    return record(ctx, petition_id, body, actor, response)


@router.post("/{petition_id}/department-report", responses=ANSWERS)
def department_report(
    petition_id: PetitionId,
    body: DepartmentReportBody,
    actor: ActorDep,
    ctx: Ctx,
    response: Response,
) -> ActionAccepted:
    """报到 (a department reports to the street's whistle)."""
    return record(ctx, petition_id, body, actor, response)


@router.post("/{petition_id}/feedback", responses=ANSWERS)
def feedback(
    petition_id: PetitionId, body: FeedbackBody, actor: ActorDep, ctx: Ctx, response: Response
) -> ActionAccepted:
    """回访 (the call-back's satisfaction; the callback role only)."""
    return record(ctx, petition_id, body, actor, response)


@router.get("/{petition_id}/commands/{command_id}", responses=ANSWERS)
def command_status(
    petition_id: PetitionId, command_id: CommandId, actor: ActorDep, ctx: Ctx, response: Response
) -> ActionAccepted:
    """An action's outcome, for the status URL of a 202: as the action would have answered."""
    view = ctx.read_model.petition(petition_id)
    if view is None or not actor.sees(view.facts):
        raise IntakeError(404, "unknown_petition", "no such petition (yet)", "未找到该诉求")
    outcome = ctx.outcomes.get(command_id)
    if outcome is not None and outcome.petition_id != petition_id:
        raise IntakeError(404, "unknown_command", "no such command", "未找到该操作")
    return answer(petition_id, command_id, outcome, response)
