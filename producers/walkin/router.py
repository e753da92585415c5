"""POST /walk-in/petitions: the counter clerk's form (现场受理), authenticated by the clerk's key.

The clerk (受理人工号) and the window (窗口号) are the key's: the form may repeat them, never
change them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import Field

from jiesu.domain.city import City
from jiesu.domain.events import Channel, PetitionReceived
from producers.credentials import Clerk
from producers.forms import (
    Person,
    PetitionForm,
    Ref,
    Short,
    location_of,
    new_petition,
    petitioner_of,
    photos_of,
)
from producers.http.auth import admit, same_as_credential
from producers.http.context import Accepted, Bearer, Ctx, token_of
from producers.http.submit import submit_petition

router = APIRouter(prefix="/walk-in", tags=["walk-in counter"])


class WalkInForm(PetitionForm):
    """The form filled at a window of the service centre (市民诉求服务中心)."""

    form_no: Ref = Field(description="受理单号: the centre's number of this form (idempotency key)")
    window: int | None = Field(default=None, ge=1, le=99, description="窗口号 (the key's)")
    clerk: Short | None = Field(default=None, description="受理人工号 (the key's clerk)")
    petitioner: Person | None = None
    employer: str | None = Field(default=None, max_length=100)


def received_from_walk_in(
    form: WalkInForm, clerk: Clerk, *, city: City, pii_key: str, now: datetime
) -> PetitionReceived:
    return new_petition(
        Channel.WALK_IN,
        form.form_no,
        event_time=now,
        now=now,
        text=form.text,
        title=form.title,
        category_hint=form.category_hint,
        location=location_of(form.place, city),
        petitioner=petitioner_of(form.petitioner, pii_key),
        photos=photos_of(form),
        employer=form.employer,
        attributes={"window": (str(clerk.window),), "clerk": (clerk.clerk,)},
    )


async def _clerk(ctx: Ctx, creds: Bearer, request: Request) -> Clerk:
    token = token_of(creds)
    return admit(ctx, request, token, ctx.credentials.clerk(token), "walk-in key")


@router.post("/petitions", status_code=202, response_model=Accepted)
async def post_walk_in(
    form: WalkInForm, clerk: Annotated[Clerk, Depends(_clerk)], ctx: Ctx, response: Response
) -> Accepted:
    """A petition taken at the counter; the form number makes a re-post a duplicate (200)."""
    window = str(form.window) if form.window is not None else None
    same_as_credential(
        {"clerk": form.clerk, "window": window}, {"clerk": clerk.clerk, "window": str(clerk.window)}
    )
    now, key = ctx.clock(), ctx.settings.pii_key
    return await submit_petition(
        ctx,
        response,
        lambda: received_from_walk_in(form, clerk, city=ctx.city, pii_key=key, now=now),
    )
