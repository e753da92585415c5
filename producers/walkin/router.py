"""POST /walk-in/petitions: the counter clerk's form (现场受理), authenticated by API key."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Response
from pydantic import Field

from jiesu.domain.city import City
from jiesu.domain.events import Channel, PetitionReceived
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
from producers.http.context import Accepted, Bearer, Ctx, accepted, build, require_key

router = APIRouter(prefix="/walk-in", tags=["walk-in counter"])


class WalkInForm(PetitionForm):
    """The form filled at a window of the service centre (市民诉求服务中心)."""

    form_no: Ref = Field(description="受理单号: the centre's number of this form (idempotency key)")
    window: int = Field(ge=1, le=99, description="窗口号")
    clerk: Short = Field(description="受理人工号: the clerk's id")
    petitioner: Person | None = None
    employer: str | None = Field(default=None, max_length=100)


def received_from_walk_in(
    form: WalkInForm, *, city: City, pii_key: str, now: datetime
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
        attributes={"window": (str(form.window),), "clerk": (form.clerk,)},
    )


async def _counter(ctx: Ctx, creds: Bearer) -> None:
    require_key(creds, ctx.credentials.walkin_keys)


@router.post(
    "/petitions", status_code=202, response_model=Accepted, dependencies=[Depends(_counter)]
)
async def post_walk_in(form: WalkInForm, ctx: Ctx, response: Response) -> Accepted:
    """A petition taken at the counter; the form number makes a re-post a duplicate (200)."""
    now = ctx.clock()
    event = build(
        lambda: received_from_walk_in(form, city=ctx.city, pii_key=ctx.settings.pii_key, now=now)
    )
    outcome = await ctx.intake.submit_async(event)
    if outcome.duplicate:
        response.status_code = 200
    return accepted(outcome, event.petitioner.phone)
