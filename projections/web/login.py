"""Logging in and out: a form with a CSRF token, Argon2 passwords, server-side sessions.

A failed login says only that the name or password is wrong (not which), costs the same
time either way, and is limited per client address and per username
(``JIESU_RATE_LIMIT_LOGIN``). A login starts a fresh session (no fixation); logout ends it
on the server, whatever the browser keeps.
"""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path
from string import Template
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from jiesu.accounts.sessions import close_session, open_session
from jiesu.settings import Settings
from jiesu.web.proxies import client_address
from jiesu.web.ratelimit import RateLimiter
from projections.web.access import SESSION_KEY, safe_next, store_of

router = APIRouter(include_in_schema=False)
TEMPLATE = Path(__file__).resolve().parent / "templates" / "login.html"
WRONG = "用户名或密码不正确，或账号已停用"


@cache
def _template() -> Template:
    return Template(TEMPLATE.read_text(encoding="utf-8"))


def login_page(
    request: Request, error: str = "", next_: str = "/", status: int = 200
) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    oidc = (
        '<a class="sso" href="/login/oidc">统一身份认证登录</a>' if settings.oidc_client_id else ""
    )
    html = _template().safe_substitute(
        error=escape(error),
        csrftoken=escape(csrf_token(request)),
        next=escape(safe_next(next_)),
        oidc=oidc,
    )
    return HTMLResponse(html, status_code=status)


def csrf_token(request: Request) -> str:
    """The form token asgi-csrf checks (and sets as a cookie when first asked)."""
    make = request.scope.get("csrftoken")
    return str(make()) if callable(make) else ""


@router.get("/login")
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return login_page(request, next_=next)


@router.post("/login", response_model=None)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> HTMLResponse | RedirectResponse:
    settings: Settings = request.app.state.settings
    limiter: RateLimiter = request.app.state.limiter
    limiter.hit(settings.rate_limit_login, "login-address", client_address(request))
    limiter.hit(settings.rate_limit_login, "login-user", username.lower())
    store = store_of(request)
    account = store.authenticate(username, password)
    if account is None:
        return login_page(request, WRONG, next, status=401)
    request.session.clear()
    request.session[SESSION_KEY] = open_session(store, account, settings.session_max_age_s)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> RedirectResponse:
    sid = request.session.get(SESSION_KEY)
    close_session(store_of(request), sid if isinstance(sid, str) else None)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
