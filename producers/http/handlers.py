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

from jiesu.bus.errors import BrokerUnavailable
from producers.http.errors import IntakeError, from_pydantic, invalid
from producers.metrics import UNAVAILABLE
from producers.open311.render import error_response, format_of_path
from producers.open311.submit import Open311Refused

log = logging.getLogger(__name__)
RETRY_AFTER_S = 5


def _is_open311(request: Request) -> bool:
    return request.url.path.startswith("/open311/")


async def _intake_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, IntakeError)
    if _is_open311(request):
        return error_response(format_of_path(request.url.path), exc.status, exc.message_en)
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


def install(app: FastAPI) -> None:
    app.add_exception_handler(IntakeError, _intake_error)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(Open311Refused, _open311)
    app.add_exception_handler(BrokerUnavailable, _unavailable)
    app.add_exception_handler(OperationalError, _unavailable)
