"""What every router needs, built once by the app factory and injected per request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal, TypeVar

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from jiesu.accounts.store import AccountStore
from jiesu.domain.city import City
from jiesu.domain.privacy import mask_phone
from jiesu.domain.readmodel import ReadModel
from jiesu.settings import Settings
from jiesu.web.ratelimit import RateLimiter
from producers.actions.outcomes import CommandOutcomes
from producers.credentials import Credentials
from producers.forms import InputRejected
from producers.groupcommit import GroupCommit
from producers.http.errors import invalid
from producers.intake import Outcome
from producers.open311.services import Services

T = TypeVar("T")


@dataclass
class IntakeContext:
    settings: Settings
    intake: GroupCommit
    credentials: Credentials
    city: City
    read_model: ReadModel
    services: Services
    clock: Callable[[], datetime]
    limiter: RateLimiter
    outcomes: CommandOutcomes
    accounts: AccountStore | None = None


async def _context(request: Request) -> IntakeContext:
    ctx: IntakeContext = request.app.state.ctx
    return ctx


Ctx = Annotated[IntakeContext, Depends(_context)]
bearer = HTTPBearer(auto_error=False, description="the channel's API key or token")
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def token_of(creds: HTTPAuthorizationCredentials | None) -> str | None:
    return creds.credentials if creds is not None else None


def build(make: Callable[[], T]) -> T:
    """Run a mapping; its field errors become a 422."""
    try:
        return make()
    except InputRejected as exc:
        raise invalid(exc.errors) from None


class Accepted(BaseModel):
    """The answer to a petition: sent only after the broker acknowledged it."""

    petition_id: str
    status: Literal["accepted", "duplicate"]
    duplicate: bool
    message_en: str
    message_zh: str
    phone_masked: str | None = None


def accepted(outcome: Outcome, phone: str | None = None) -> Accepted:
    if outcome.duplicate:
        return Accepted(
            petition_id=outcome.petition_id,
            status="duplicate",
            duplicate=True,
            message_en="already received: same petition, nothing new recorded",
            message_zh="该诉求已受理，未重复登记",
            phone_masked=mask_phone(phone),
        )
    return Accepted(
        petition_id=outcome.petition_id,
        status="accepted",
        duplicate=False,
        message_en="petition received",
        message_zh="诉求已受理",
        phone_masked=mask_phone(phone),
    )
