"""The tail every channel's petition endpoint shares: map the request, submit the petition,
answer 202 (or 200 for a duplicate) once the broker holds it."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Response

from jiesu.domain.events import PetitionReceived
from producers.http.context import Accepted, IntakeContext, accepted, build


async def submit_petition(
    ctx: IntakeContext,
    response: Response,
    make: Callable[[], PetitionReceived],
    before: Callable[[PetitionReceived], None] | None = None,
) -> Accepted:
    """``make`` maps the request (its field errors answer 422); ``before`` checks the mapped
    petition before it is submitted (the mini-program's limit per reporter)."""
    event = build(make)
    if before is not None:
        before(event)
    outcome = await ctx.intake.submit_async(event)
    if outcome.duplicate:
        response.status_code = 200
    return accepted(outcome, event.petitioner.phone)
