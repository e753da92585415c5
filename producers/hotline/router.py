"""POST /hotline/work-orders: a call-centre agent's work order, authenticated by API key."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from producers.hotline.mapping import HotlineWorkOrder, received_from_work_order
from producers.http.context import Accepted, Bearer, Ctx, accepted, build, require_key

router = APIRouter(prefix="/hotline", tags=["12345 hotline"])


async def _call_centre(ctx: Ctx, creds: Bearer) -> None:
    require_key(creds, ctx.credentials.hotline_keys)


@router.post(
    "/work-orders",
    status_code=202,
    response_model=Accepted,
    dependencies=[Depends(_call_centre)],
    responses={
        200: {"model": Accepted, "description": "duplicate: the call id was received before"}
    },
)
async def post_work_order(order: HotlineWorkOrder, ctx: Ctx, response: Response) -> Accepted:
    """A work order (工单); the call id makes a re-post the same petition (200, duplicate)."""
    now = ctx.clock()
    event = build(
        lambda: received_from_work_order(
            order, city=ctx.city, pii_key=ctx.settings.pii_key, now=now
        )
    )
    outcome = await ctx.intake.submit_async(event)
    if outcome.duplicate:
        response.status_code = 200
    return accepted(outcome, event.petitioner.phone)
