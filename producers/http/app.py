"""The intake service: one FastAPI app, one router per channel, dependencies injected.

``create_app`` takes everything from outside (publisher, database engine, credentials, city,
Open311 services, read model, clock), so tests build it against the real broker and database
and ``jiesu intake`` builds it from the settings.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import datetime

from fastapi import FastAPI
from sqlalchemy import Engine

from jiesu.accounts.store import AccountStore
from jiesu.domain.city import City
from jiesu.observe.http import RequestMetrics
from jiesu.settings import Settings
from jiesu.web.edge import EdgeGuard
from jiesu.web.proxies import trust_proxies
from jiesu.web.ratelimit import RateLimiter
from producers import metrics
from producers.actions.desk import router as desk_router
from producers.actions.router import router as actions_router
from producers.credentials import Credentials, load_credentials
from producers.forms import utc_now
from producers.grid.router import router as grid_router
from producers.groupcommit import GroupCommit
from producers.hotline.router import router as hotline_router
from producers.http import handlers
from producers.http.context import IntakeContext
from producers.intake import EventPublisher, Intake
from producers.open311.post import router as open311_post_router
from producers.open311.router import router as open311_router
from producers.open311.services import Services
from producers.readmodel import ReadModel
from producers.store import IntakeStore, intake_engine
from producers.walkin.router import router as walkin_router
from producers.wechat.router import router as wechat_router

ROUTERS = (
    hotline_router,
    wechat_router,
    grid_router,
    walkin_router,
    open311_router,
    open311_post_router,
    actions_router,
    desk_router,
)
DESCRIPTION = (
    "接诉即办 intake: every channel turns a petition into a `PetitionReceived` event, answered "
    "only after the broker acknowledged it (202/201); handlers record their actions (202)."
)


def create_app(
    settings: Settings,
    *,
    publisher: EventPublisher | None = None,
    engine: Engine | None = None,
    credentials: Credentials | None = None,
    city: City | None = None,
    services: Services | None = None,
    read_model: ReadModel | None = None,
    clock: Callable[[], datetime] = utc_now,
    accounts: AccountStore | None = None,
) -> FastAPI:
    """The app, wired; anything not given is built from ``settings``."""
    read_model = read_model or _default_read_model(settings, engine)
    engine = engine or intake_engine(settings.database_url)
    credentials = credentials or load_credentials(settings)
    publisher = publisher or _default_publisher(settings)
    intake = Intake(publisher, IntakeStore(engine), clock, pii_key=settings.pii_key)
    ctx = IntakeContext(
        settings=settings,
        intake=GroupCommit(intake),
        credentials=credentials,
        city=city or _default_city(),
        read_model=read_model,
        services=services or _default_services(settings),
        clock=clock,
        limiter=RateLimiter(settings.rate_limit_storage),
        accounts=accounts or AccountStore(engine),
    )
    app = FastAPI(title="jiesu intake", version="1", description=DESCRIPTION, lifespan=_lifespan)
    app.state.ctx = ctx
    for router in ROUTERS:
        app.include_router(router)
    app.add_api_route("/healthz", healthz, methods=["GET"], tags=["health"])
    handlers.install(app)
    app.add_middleware(EdgeGuard, refuse=handlers.edge_refusal)
    app.add_middleware(
        RequestMetrics,
        requests=metrics.REQUESTS,
        latency=metrics.REQUEST_SECONDS,
        label=metrics.channel_of,
        on_answer=metrics.count_answer,
    )
    trust_proxies(app, settings.trusted_proxies)
    return app


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """On shutdown the committer finishes the petitions it holds (their callers get answers)."""
    yield
    app.state.ctx.intake.close()


def healthz() -> dict[str, str]:
    """Liveness for orchestrators: the process serves requests."""
    return {"status": "ok"}


def _default_publisher(settings: Settings) -> EventPublisher:
    from jiesu.bus.publisher import Publisher
    from schemas.codec import default_codec

    return Publisher(settings, default_codec(settings))


def _default_city() -> City:
    from jiesu.config.city import load_city

    return load_city()


def _default_read_model(settings: Settings, engine: Engine | None) -> ReadModel:
    """The petitions read model: a given engine, else the blue/green pointer's database."""
    from producers.readmodel_sql import SqlReadModel
    from projections.pointer import EngineSwitch, ReadModelPointer

    return SqlReadModel(
        EngineSwitch(None, engine) if engine else EngineSwitch(ReadModelPointer(settings))
    )


def _default_services(settings: Settings) -> Services:
    from producers.open311.catalog import load_services

    return load_services(settings.config_dir)
