"""Exception → answer: the channels' JSON errors, Open311's error list, 503 when Kafka is down.

Open311 paths answer in the spec's format (XML or JSON, by the path's suffix); everything
else in our bilingual JSON with the field and the reason.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.types import Scope

from jiesu.bus.errors import BrokerUnavailable, EventTooLarge
from jiesu.web.edge import Refusal
from jiesu.web.ratelimit import RateLimited
from producers.http.errors import IntakeError, field_error, from_pydantic, invalid
from producers.metrics import UNAVAILABLE
from producers.open311.render import error_response, format_of_path
from producers.open311.submit import Open311Refused
from schemas.errors import EncodeError

log = logging.getLogger(__name__)
RETRY_AFTER_S = 5


def _is_open311(request: Request) -> bool:
    return request.url.path.startswith("/open311/")


async def _intake_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, IntakeError)
    if _is_open311(request):
        answer = error_response(format_of_path(request.url.path), exc.status, exc.message_en)
        answer.headers.update(exc.headers)
        return answer
    return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = from_pydantic(exc.errors())
    if _is_open311(request):
        first = errors[0]
        status = 404 if first.field == "fmt" else 400
        return error_response(
            format_of_path(request.url.path), status, f"{first.field}: {first.message_en}"
        )
    return await _intake_error(request, invalid(errors))


async def _open311(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Open311Refused)
    return error_response(format_of_path(request.url.path), exc.status, exc.description)


async def _unavailable(request: Request, exc: Exception) -> Response:
    """Nothing was acknowledged: the caller retries later (event ids make that safe)."""
    cause = "broker" if isinstance(exc, BrokerUnavailable) else "database"
    UNAVAILABLE.labels(cause).inc()
    log.warning(
        "answering 503 on %s: the %s is unavailable (%s)",
        request.url.path,
        cause,
        type(exc).__name__,
        extra={"cause": cause},
    )
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    if _is_open311(request):
        response = error_response(
            format_of_path(request.url.path), 503, "service unavailable, retry later"
        )
        response.headers.update(headers)
        return response
    error = IntakeError(
        503,
        "unavailable",
        "the event log is unavailable, retry later",
        "系统暂时无法受理，请稍后重试",
        headers=headers,
    )
    return JSONResponse(error.body(), status_code=503, headers=headers)


async def _rate_limited(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RateLimited)
    error = IntakeError(
        429,
        "rate_limited",
        f"too many requests; retry after {exc.retry_after} s",
        f"请求过于频繁，请 {exc.retry_after} 秒后再试",
        headers={"Retry-After": str(exc.retry_after)},
    )
    return await _intake_error(request, error)


async def _too_large(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, EventTooLarge)
    error = IntakeError(
        413,
        "too_large",
        f"the petition is too large ({exc.size} bytes encoded, {exc.limit} allowed)",
        f"诉求内容过大（{exc.size} 字节，上限 {exc.limit} 字节）",
    )
    return await _intake_error(request, error)


async def _unencodable(request: Request, exc: Exception) -> Response:
    error = invalid([field_error("body", "unencodable", "a field does not fit the event schema")])
    return await _intake_error(request, error)


def edge_refusal(scope: Scope, refusal: Refusal) -> Response:
    """How the edge guard's refusals look here: Open311's error list or our JSON."""
    path = str(scope.get("path", ""))
    if path.startswith("/open311/"):
        described = "; ".join(p.message for p in refusal.problems) or refusal.message_en
        return error_response(format_of_path(path), refusal.status, described)
    errors = [field_error(p.field, p.reason, p.message) for p in refusal.problems]
    body = IntakeError(refusal.status, refusal.code, refusal.message_en, refusal.message_zh, errors)
    return JSONResponse(body.body(), status_code=refusal.status)


def install(app: FastAPI) -> None:
    app.add_exception_handler(IntakeError, _intake_error)
    app.add_exception_handler(RateLimited, _rate_limited)
    app.add_exception_handler(EventTooLarge, _too_large)
    app.add_exception_handler(EncodeError, _unencodable)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(Open311Refused, _open311)
    app.add_exception_handler(BrokerUnavailable, _unavailable)
    app.add_exception_handler(OperationalError, _unavailable)
