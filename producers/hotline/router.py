"""POST /hotline/work-orders: a call-centre agent's work order, authenticated by the agent's key.

The agent (坐席工号) is the key's: ``agent_id`` in the body may repeat it, never change it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from producers.credentials import Agent
from producers.hotline.mapping import HotlineWorkOrder, received_from_work_order
from producers.http.auth import admit, same_as_credential
from producers.http.context import Accepted, Bearer, Ctx, token_of
from producers.http.submit import submit_petition

router = APIRouter(prefix="/hotline", tags=["12345 hotline"])


async def _agent(ctx: Ctx, creds: Bearer, request: Request) -> Agent:
    token = token_of(creds)
    return admit(ctx, request, token, ctx.credentials.agent(token), "hotline key")


AgentDep = Annotated[Agent, Depends(_agent)]


@router.post(
    "/work-orders",
    status_code=202,
    response_model=Accepted,
    responses={
        200: {"model": Accepted, "description": "duplicate: the call id was received before"}
    },
)
async def post_work_order(
    order: HotlineWorkOrder, agent: AgentDep, ctx: Ctx, response: Response
) -> Accepted:
    """A work order (工单); the call id makes a re-post the same petition (200, duplicate)."""
    same_as_credential({"agent_id": order.agent_id}, {"agent_id": agent.agent_id})
    now = ctx.clock()
    return await submit_petition(
        ctx,
        response,
        lambda: received_from_work_order(
            order, city=ctx.city, pii_key=ctx.settings.pii_key, now=now, agent=agent.agent_id
        ),
    )
