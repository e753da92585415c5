"""GeoReport v2 under /open311/v2: discovery, services, requests (GET and POST), tokens.

Every resource exists as ``.xml`` (the spec's required format) and ``.json``. Reading needs
no key: anonymous callers get the public view (:mod:`producers.open311.public`), limited
per client address; a key with the read right (``api_key`` or a Bearer header) gets full
records, limited per key. A wrong key is refused (403) rather than silently ignored.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from jiesu.domain.events import Channel
from jiesu.domain.readmodel import PetitionView
from jiesu.web.proxies import client_address
from producers.credentials import digest
from producers.http.auth import public
from producers.http.context import Bearer, Ctx, IntakeContext, token_of
from producers.open311.public import PUBLIC_MAX, full_fields, public_fields
from producers.open311.render import respond
from producers.open311.submit import Open311Refused
from producers.open311.views import MAX_REQUESTS, request_query

router = APIRouter(prefix="/open311/v2", tags=["Open311 GeoReport v2"])
SPEC = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-01T00:00:00+08:00"
Param = Annotated[str | None, Query(max_length=2000)]


class Format(StrEnum):
    XML = "xml"
    JSON = "json"


def _full_reader(ctx: Ctx, request: Request, creds: Bearer, api_key: Param = None) -> bool:
    """Whether the caller reads full records (a key with the read right); counted."""
    token = api_key or token_of(creds)
    if not token:
        public(ctx, request)
        return False
    client = ctx.credentials.open311_client(token)
    if client is None:
        ctx.limiter.hit(ctx.settings.rate_limit_address, "auth", client_address(request))
        raise Open311Refused(403, "api_key invalid (leave it out to read the public view)")
    ctx.limiter.hit(ctx.settings.rate_limit_key, "key", digest(token))
    return client.read


def _anyone(ctx: Ctx, request: Request) -> None:
    public(ctx, request)


FullReader = Annotated[bool, Depends(_full_reader)]
Counted = Depends(_anyone)


@router.get("/discovery.{fmt}", dependencies=[Counted])
def discovery(fmt: Format, request: Request) -> Response:
    """Where the API is and which formats it speaks."""
    endpoint = {
        "specification": SPEC,
        "url": str(request.base_url).rstrip("/") + "/open311/v2",
        "changeset": CHANGESET,
        "type": "production",
        "formats": ["text/xml", "application/json"],
    }
    body = {
        "changeset": CHANGESET,
        "contact": "12345 市民诉求服务中心",
        "key_service": "API keys are issued by the 12345 service centre (市民诉求服务中心)",
        "endpoints": [endpoint],
    }
    return respond(fmt.value, "discovery", body)


@router.get("/services.{fmt}", dependencies=[Counted])
def services(fmt: Format, ctx: Ctx, jurisdiction_id: Param = None) -> Response:
    """The service list: one service per category of the taxonomy."""
    return respond(fmt.value, "services", [s.as_dict() for s in ctx.services.items])


@router.get("/services/{service_code}.{fmt}", dependencies=[Counted])
def service_definition(
    service_code: str, fmt: Format, ctx: Ctx, jurisdiction_id: Param = None
) -> Response:
    """A service's definition: its attributes (questions), required ones marked."""
    service = ctx.services.get(service_code)
    if service is None:
        raise Open311Refused(404, "service_code not found")
    return respond(fmt.value, "service_definition", service.definition())


@router.get("/requests.{fmt}")
def get_requests(
    fmt: Format,
    ctx: Ctx,
    full: FullReader,
    service_request_id: Param = None,
    service_code: Param = None,
    start_date: Param = None,
    end_date: Param = None,
    status: Param = None,
    jurisdiction_id: Param = None,
) -> Response:
    """Requests by id (overrides the rest) or by code, dates and status: the newest 100 of
    the public view, or 1000 full records for a key with the read right."""
    query = request_query(
        ctx.clock(), service_request_id, service_code, start_date, end_date, status
    )
    limit = MAX_REQUESTS if full else PUBLIC_MAX
    found = ctx.read_model.search(replace(query, ids=query.ids[:limit], limit=limit))
    return respond(fmt.value, "service_requests", [_fields(ctx, v, full) for v in found])


@router.get("/requests/{service_request_id}.{fmt}")
def get_request(
    service_request_id: Annotated[str, Path(max_length=64)],
    fmt: Format,
    ctx: Ctx,
    full: FullReader,
    jurisdiction_id: Param = None,
) -> Response:
    """One request; 404 when unknown (or not yet in the read model)."""
    view = ctx.read_model.petition(service_request_id)
    if view is None:
        raise Open311Refused(404, "service_request_id not found")
    return respond(fmt.value, "service_requests", [_fields(ctx, view, full)])


def _fields(ctx: IntakeContext, view: PetitionView, full: bool) -> dict[str, Any]:
    names = {s.code: s.name for s in ctx.services.items}
    return full_fields(view, names) if full else public_fields(view, names, ctx.city)


@router.get("/tokens/{token}.{fmt}", dependencies=[Counted])
def get_token(token: str, fmt: Format, ctx: Ctx, jurisdiction_id: Param = None) -> Response:
    """The request id a token (the answer to a POST) stands for."""
    known = ctx.intake.store.known([(Channel.OPEN311.value, token)])
    petition_id = known.get((Channel.OPEN311.value, token))
    if petition_id is None:
        raise Open311Refused(404, "token not found")
    return respond(
        fmt.value, "service_requests", [{"service_request_id": petition_id, "token": token}]
    )
