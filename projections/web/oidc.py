"""Optional single sign-on with the city's OpenID Connect provider (``authlib``).

Set ``JIESU_OIDC_METADATA_URL`` (the provider's ``/.well-known/openid-configuration``),
``JIESU_OIDC_CLIENT_ID`` and ``JIESU_OIDC_CLIENT_SECRET``; register
``https://<dashboard>/login/oidc/callback`` as the redirect URI at the provider. The provider
says who the person is; jiesu says what they may see: the person must have an account
(``jiesu users add NAME --role … --oidc-subject SUB``, or ``--sso-only``: a password-less
account whose username equals the ``JIESU_OIDC_USERNAME_CLAIM`` claim). Nobody else gets in.
"""

from __future__ import annotations

import asyncio

from authlib.integrations.starlette_client import OAuth, OAuthError
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from jiesu.accounts.sessions import open_session
from jiesu.settings import Settings
from projections.web.access import SESSION_KEY, store_of
from projections.web.login import login_page

router = APIRouter(include_in_schema=False)
NO_ACCOUNT = "统一身份认证已通过，但本系统没有为你开通账号，请联系管理员"
FAILED = "统一身份认证未完成，请重试"


def install(app: FastAPI, settings: Settings) -> None:
    """Add the two routes when a provider is configured."""
    if not (settings.oidc_metadata_url and settings.oidc_client_id):
        return
    oauth = OAuth()
    oauth.register(
        "city",
        server_metadata_url=settings.oidc_metadata_url,
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        client_kwargs={"scope": settings.oidc_scope},
    )
    app.state.oauth = oauth
    app.include_router(router)


@router.get("/login/oidc")
async def start(request: Request) -> Response:
    """To the provider, with state and nonce kept in the signed session."""
    callback = str(request.url_for("oidc_callback"))
    response: Response = await request.app.state.oauth.city.authorize_redirect(request, callback)
    return response


@router.get("/login/oidc/callback", name="oidc_callback", response_model=None)
async def callback(request: Request) -> HTMLResponse | RedirectResponse:
    """Back from the provider: the checked ID token names the person; their account, if
    any, gets a new session."""
    settings: Settings = request.app.state.settings
    try:
        token = await request.app.state.oauth.city.authorize_access_token(request)
    except OAuthError:
        return login_page(request, FAILED, status=401)
    claims = token.get("userinfo") or {}
    subject, name = claims.get("sub"), claims.get(settings.oidc_username_claim)
    store = store_of(request)
    account = await asyncio.to_thread(store.by_subject, str(subject or ""), name)
    if not subject or account is None:
        return login_page(request, NO_ACCOUNT, status=403)
    sid = await asyncio.to_thread(open_session, store, account, settings.session_max_age_s)
    request.session.clear()
    request.session[SESSION_KEY] = sid
    return RedirectResponse("/", status_code=303)
