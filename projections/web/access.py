"""Who is looking: the dashboard's viewer, from the session cookie or a machine's token.

Every page, API call and change stream needs a viewer; what it returns is filtered by the
viewer's scope (:mod:`projections.queries.scope`). Pages send a visitor without a session to
the login page; the API and the stream answer 401. A viewer's requests are counted against
``JIESU_RATE_LIMIT_KEY``; requests without valid credentials against the client address.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from jiesu.accounts.account import Account
from jiesu.accounts.sessions import session_account
from jiesu.accounts.store import AccountStore
from jiesu.settings import Settings
from jiesu.web.proxies import client_address
from jiesu.web.ratelimit import RateLimiter

SESSION_KEY = "sid"


class LoginRequired(Exception):
    """No valid session or token: pages go to the login page, the API answers 401."""


def store_of(request: Request) -> AccountStore:
    store: AccountStore = request.app.state.accounts
    return store


def viewer(request: Request) -> Account:
    """The account behind this request (a Bearer token wins over the cookie)."""
    settings: Settings = request.app.state.settings
    limiter: RateLimiter = request.app.state.limiter
    token = _bearer(request)
    store = store_of(request)
    found = store.by_token(token) if token else session_account(store, _sid(request))
    if found is None:
        limiter.hit(settings.rate_limit_address, "auth", client_address(request))
        raise LoginRequired
    limiter.hit(settings.rate_limit_key, "account", found.username)
    request.state.viewer = found
    return found


Viewer = Annotated[Account, Depends(viewer)]


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _sid(request: Request) -> str | None:
    sid = request.session.get(SESSION_KEY) if "session" in request.scope else None
    return sid if isinstance(sid, str) else None


async def login_required(request: Request, exc: Exception) -> Response:
    path = request.url.path
    if path.startswith("/api/"):
        body = {"detail": "login required", "login": "/login"}
        return JSONResponse(body, status_code=401, headers={"WWW-Authenticate": "Bearer"})
    target = path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={_quote(target)}", status_code=303)


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")


def safe_next(target: str | None) -> str:
    """Where to go after login: a path of this site, never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
