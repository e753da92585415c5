"""The dashboard app: JSON API, server-sent changes and the Chinese pages, wired once.

``create_app`` takes the settings and, optionally, the engine, the change feed and the
accounts, so tests build it against their own database and broker and ``jiesu dashboard``
builds it from the environment. Everything but the login page, the static assets and the
health check needs a login (:mod:`projections.web.access`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from sqlalchemy import Engine

from jiesu.accounts.store import AccountStore
from jiesu.observe.http import RequestMetrics
from jiesu.settings import Settings
from jiesu.web.ratelimit import RateLimiter
from projections.pointer import EngineSwitch, ReadModelPointer
from projections.queries import Labels, default_labels
from projections.web import (
    api,
    errors,
    events,
    health,
    login,
    map_api,
    metrics,
    oidc,
    pages,
    vocabulary,
)
from projections.web.events import Streams
from projections.web.feed import ChangeFeed
from projections.web.feedscope import FeedScope
from projections.web.security import protect

DESCRIPTION = (
    "接诉即办 dashboard: read-only JSON over the projections' read models (nothing personal; "
    "phones masked), filtered by the caller's role and scope; `/api/changes` as server-sent "
    "events; the pages 城市总览, 吹哨清单, 单位考评 and 诉求详情. Log in at `/login`, or send "
    "a machine account's token as `Authorization: Bearer`."
)


def create_app(
    settings: Settings,
    *,
    engine: Engine | None = None,
    feed: ChangeFeed | None = None,
    labels: Labels | None = None,
    accounts: AccountStore | None = None,
) -> FastAPI:
    """The dashboard, wired; the change feed starts with the app and stops with it."""
    engines = EngineSwitch(None, engine) if engine else EngineSwitch(ReadModelPointer(settings))
    feed = feed or ChangeFeed(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        feed.start()
        try:
            yield
        finally:
            feed.stop()

    app = FastAPIOffline(
        title="jiesu dashboard", version="1", description=DESCRIPTION, lifespan=lifespan
    )
    app.state.settings = settings
    app.state.engines = engines
    app.state.feed = feed
    app.state.feed_scope = FeedScope(engines)
    app.state.streams = Streams()
    app.state.labels = labels or default_labels()
    app.state.accounts = accounts or _accounts(settings)
    app.state.limiter = RateLimiter(settings.rate_limit_storage)
    routers = (
        api.router,
        map_api.router,
        vocabulary.router,
        health.router,
        events.router,
        login.router,
    )
    for router in (*routers, pages.router):
        app.include_router(router)
    app.include_router(pages.assets)
    oidc.install(app, settings)
    pages.mount_static(app)
    errors.install(app)
    protect(app, settings)
    app.add_middleware(
        RequestMetrics,
        requests=metrics.REQUESTS,
        latency=metrics.REQUEST_SECONDS,
        label=metrics.route_template,
        skip=metrics.is_event_stream,
    )
    return app


def _accounts(settings: Settings) -> AccountStore:
    """Accounts live in DATABASE_URL, never in a read-model database a switch replaces."""
    from projections.store import engine_for, ensure_database

    ensure_database(settings.database_url)
    return AccountStore(engine_for(settings.database_url))
