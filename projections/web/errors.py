"""Refusals as answers: a 4xx naming the field and the reason, never echoing the input."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError, ProgrammingError

log = logging.getLogger(__name__)


class NotFound(LookupError):
    """The asked-for entity is not in the read model."""

    def __init__(self, entity: str, entity_id: str) -> None:
        super().__init__(f"{entity} {entity_id} not found")
        self.entity = entity


class BadFilter(ValueError):
    """A filter that parsed but makes no sense (an unknown code, an empty range)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def install(app: FastAPI) -> None:
    """Register the handlers that turn our exceptions into answers."""
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(BadFilter, _bad_filter)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(OperationalError, _unavailable)
    app.add_exception_handler(ProgrammingError, _unavailable)
    app.add_exception_handler(DataError, _invalid_value)


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": ".".join(str(p) for p in err["loc"][1:]) or "request", "reason": err["msg"]}
        for err in exc.errors()
    ]
    return JSONResponse({"detail": "invalid request", "errors": errors}, status_code=422)


async def _bad_filter(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BadFilter)
    errors = [{"field": exc.field, "reason": exc.reason}]
    return JSONResponse({"detail": "invalid request", "errors": errors}, status_code=422)


async def _not_found(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NotFound)
    return JSONResponse({"detail": str(exc), "entity": exc.entity}, status_code=404)


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The database is down or the projector has not created the read models yet."""
    log.warning("read models unavailable: %s", type(exc).__name__)
    body = {"detail": "read models unavailable; is the projector running?"}
    return JSONResponse(body, status_code=503, headers={"Retry-After": "5"})


async def _invalid_value(request: Request, exc: Exception) -> JSONResponse:
    """A value the database cannot compare (it got past validation): the caller's fault."""
    body = {"detail": "invalid request", "errors": [{"field": "request", "reason": "bad value"}]}
    return JSONResponse(body, status_code=422)
