"""The dashboard app: JSON API, server-sent changes and the Chinese pages, wired once.

``create_app`` takes the settings and, optionally, the engine and the change feed, so tests
build it against their own database and broker and ``jiesu dashboard`` builds it from the
environment.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Engine

from jiesu.observe.http import RequestMetrics
from jiesu.settings import Settings
from projections.pointer import EngineSwitch, ReadModelPointer
from projections.queries import Labels, default_labels
from projections.web import api, errors, events, health, metrics, pages
from projections.web.feed import ChangeFeed

DESCRIPTION = (
    "接诉即办 dashboard: read-only JSON over the projections' read models (nothing personal; "
    "phones masked), `/api/changes` as server-sent events, and the pages 城市总览, 吹哨清单, "
    "单位考评 and 诉求详情."
)


def create_app(
    settings: Settings,
    *,
    engine: Engine | None = None,
    feed: ChangeFeed | None = None,
    labels: Labels | None = None,
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

    app = FastAPI(title="jiesu dashboard", version="1", description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.engines = engines
    app.state.feed = feed
    app.state.labels = labels or default_labels()
    for router in (api.router, health.router, events.router, pages.router):
        app.include_router(router)
    pages.mount_static(app)
    errors.install(app)
    app.add_middleware(
        RequestMetrics,
        requests=metrics.REQUESTS,
        latency=metrics.REQUEST_SECONDS,
        label=metrics.route_template,
        skip=metrics.is_event_stream,
    )
    return app
