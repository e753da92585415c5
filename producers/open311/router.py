"""GeoReport v2 under /open311/v2: discovery, services, requests (GET and POST), tokens.

Every resource exists as ``.xml`` (the spec's required format) and ``.json``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from jiesu.domain.events import Channel
from producers.http.context import Ctx
from producers.open311.render import respond
from producers.open311.submit import Open311Refused
from producers.open311.views import request_fields, request_query

router = APIRouter(prefix="/open311/v2", tags=["Open311 GeoReport v2"])
SPEC = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-01T00:00:00+08:00"
Param = Annotated[str | None, Query(max_length=2000)]


class Format(StrEnum):
    XML = "xml"
    JSON = "json"


@router.get("/discovery.{fmt}")
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


@router.get("/services.{fmt}")
def services(fmt: Format, ctx: Ctx, jurisdiction_id: Param = None) -> Response:
    """The service list: one service per category of the taxonomy."""
    return respond(fmt.value, "services", [s.as_dict() for s in ctx.services.items])


@router.get("/services/{service_code}.{fmt}")
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
    service_request_id: Param = None,
    service_code: Param = None,
    start_date: Param = None,
    end_date: Param = None,
    status: Param = None,
    jurisdiction_id: Param = None,
) -> Response:
    """Requests by id (overrides the rest) or by code, dates and status; ≤ 1000."""
    query = request_query(
        ctx.clock(), service_request_id, service_code, start_date, end_date, status
    )
    names = {s.code: s.name for s in ctx.services.items}
    found = ctx.read_model.search(query)
    return respond(fmt.value, "service_requests", [request_fields(v, names) for v in found])


@router.get("/requests/{service_request_id}.{fmt}")
def get_request(
    service_request_id: str, fmt: Format, ctx: Ctx, jurisdiction_id: Param = None
) -> Response:
    """One request; 404 when unknown (or not yet in the read model)."""
    view = ctx.read_model.petition(service_request_id)
    if view is None:
        raise Open311Refused(404, "service_request_id not found")
    names = {s.code: s.name for s in ctx.services.items}
    return respond(fmt.value, "service_requests", [request_fields(view, names)])


@router.get("/tokens/{token}.{fmt}")
def get_token(token: str, fmt: Format, ctx: Ctx, jurisdiction_id: Param = None) -> Response:
    """The request id a token (the answer to a POST) stands for."""
    known = ctx.intake.store.known([(Channel.OPEN311.value, token)])
    petition_id = known.get((Channel.OPEN311.value, token))
    if petition_id is None:
        raise Open311Refused(404, "token not found")
    return respond(
        fmt.value, "service_requests", [{"service_request_id": petition_id, "token": token}]
    )
