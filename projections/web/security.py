"""The dashboard's protective layers, outermost first: trusted proxies, the edge guard
(body size, control characters), CSRF tokens on forms (``asgi-csrf``), signed session
cookies (Starlette's ``SessionMiddleware``, HttpOnly and SameSite=Lax, Secure outside
development), and the answers their refusals get."""

from __future__ import annotations

import secrets
from typing import Any

from asgi_csrf import asgi_csrf
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from jiesu.settings import Settings
from jiesu.web.edge import EdgeGuard, Refusal
from jiesu.web.proxies import trust_proxies
from jiesu.web.ratelimit import RateLimited
from projections.web.access import LoginRequired, login_required

COOKIE = "jiesu_session"
FORMS = {"/login", "/logout"}


class Csrf:
    """``asgi-csrf`` as a Starlette middleware: every POST of a form carries the token of
    its page (the login form too, even before any cookie exists)."""

    def __init__(self, app: ASGIApp, secret: str, secure: bool) -> None:
        self.app = asgi_csrf(app, signing_secret=secret, always_protect=FORMS, cookie_secure=secure)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


def protect(app: FastAPI, settings: Settings) -> None:
    """Add the layers (Starlette runs the last added first)."""
    secret = settings.session_secret or secrets.token_urlsafe(32)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie=COOKIE,
        max_age=settings.session_max_age_s,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(Csrf, secret=secret, secure=settings.secure_cookies)
    app.add_middleware(EdgeGuard, refuse=edge_refusal)
    trust_proxies(app, settings.trusted_proxies)
    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(RateLimited, rate_limited)


def edge_refusal(scope: Scope, refusal: Refusal) -> Response:
    errors = [{"field": p.field, "reason": p.message} for p in refusal.problems]
    body: dict[str, Any] = {"detail": refusal.message_en, "errors": errors}
    return JSONResponse(body, status_code=refusal.status)


async def rate_limited(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RateLimited)
    body = {"detail": str(exc), "retry_after": exc.retry_after}
    return JSONResponse(body, status_code=429, headers={"Retry-After": str(exc.retry_after)})
