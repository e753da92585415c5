"""``POST /open311/v2/requests.{fmt}``: form-urlencoded, as the spec says; 201 once stored."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response

from jiesu.web.proxies import client_address
from producers.credentials import digest
from producers.http.context import Ctx
from producers.intake import Outcome
from producers.open311.attributes import attributes_of
from producers.open311.render import respond
from producers.open311.router import Format
from producers.open311.submit import Open311Refused, RequestForm, received_from_open311, token_of

router = APIRouter(prefix="/open311/v2", tags=["Open311 GeoReport v2"])
Field = Annotated[str | None, Form(max_length=4000)]


def _form(
    service_code: Field = None,
    lat: Field = None,
    long: Field = None,
    address_string: Field = None,
    address_id: Field = None,
    email: Field = None,
    device_id: Field = None,
    account_id: Field = None,
    first_name: Field = None,
    last_name: Field = None,
    phone: Field = None,
    description: Field = None,
    media_url: Field = None,
    jurisdiction_id: Field = None,
) -> RequestForm:
    """The spec's fields (``attribute[CODE]`` ones are read from the raw form)."""
    return RequestForm(
        service_code, lat, long, address_string, address_id, email, device_id, account_id,
        first_name, last_name, phone, description, media_url,
    )  # fmt: skip


@router.post("/requests.{fmt}", status_code=201)
async def post_request(
    fmt: Format,
    request: Request,
    ctx: Ctx,
    form: Annotated[RequestForm, Depends(_form)],
    api_key: Field = None,
) -> Response:
    """A new service request; the same submission again answers the same id (200)."""
    if ctx.credentials.open311_client(api_key) is None:
        ctx.limiter.hit(ctx.settings.rate_limit_address, "auth", client_address(request))
        raise Open311Refused(403, "api_key missing or invalid")
    ctx.limiter.hit(ctx.settings.rate_limit_key, "key", digest(api_key or ""))
    service = ctx.services.get(form.service_code or "")
    if service is None:
        raise Open311Refused(400, "service_code missing or not found")
    items = [(k, v) for k, v in (await request.form()).multi_items() if isinstance(v, str)]
    event = received_from_open311(
        form,
        service,
        attributes_of(items, service),
        token=token_of(digest(api_key or ""), items),
        city=ctx.city,
        pii_key=ctx.settings.pii_key,
        now=ctx.clock(),
    )
    outcome = await ctx.intake.submit_async(event)
    return _answer(fmt, outcome, event.channel_ref)


def _answer(fmt: Format, outcome: Outcome, token: str) -> Response:
    """201 with the new id, or 200 with the id the same submission got before."""
    notice = (
        "重复提交，已受理 / duplicate of a received request"
        if outcome.duplicate
        else "已受理 / received"
    )
    body = [
        {
            "service_request_id": outcome.petition_id,
            "token": token,
            "service_notice": notice,
            "account_id": None,
        }
    ]
    return respond(fmt.value, "service_requests", body, 200 if outcome.duplicate else 201)
