"""The intake service: one FastAPI app, one router per channel, dependencies injected.

``create_app`` takes everything from outside (publisher, database engine, credentials, city,
Open311 services, read model, clock), so tests build it against the real broker and database
and ``jiesu intake`` builds it from the settings. The read model is always given: it is the
projections' table, and only the bootstrap (:mod:`jiesu.bootstrap.intake`) may join the two.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import datetime

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from sqlalchemy import Engine

from jiesu.accounts.store import AccountStore
from jiesu.domain.city import City
from jiesu.domain.readmodel import ReadModel
from jiesu.observe.http import RequestMetrics
from jiesu.settings import Settings
from jiesu.web.edge import EdgeGuard
from jiesu.web.proxies import trust_proxies
from jiesu.web.ratelimit import RateLimiter
from producers import metrics
from producers.actions.desk import router as desk_router
from producers.actions.outcomes import CommandOutcomes
from producers.actions.router import router as actions_router
from producers.channels import CHANNEL_ROUTERS
from producers.credentials import Credentials, load_credentials
from producers.forms import utc_now
from producers.groupcommit import GroupCommit
from producers.http import handlers
from producers.http.context import IntakeContext
from producers.intake import EventPublisher, Intake
from producers.open311.services import Services
from producers.store import IntakeStore, intake_engine

ROUTERS = (
    *(router for routers in CHANNEL_ROUTERS.values() for router in routers),
    actions_router,
    desk_router,
)
DESCRIPTION = (
    "接诉即办 intake: every channel turns a petition into a `PetitionReceived` event, answered "
    "only after the broker acknowledged it (202/201); handlers' actions are answered with "
    "their outcome (200, 409) or, if not decided within a moment, 202 and a status URL."
)


def create_app(
    settings: Settings,
    *,
    publisher: EventPublisher | None = None,
    engine: Engine | None = None,
    credentials: Credentials | None = None,
    city: City | None = None,
    read_model: ReadModel,
    services: Services | None = None,
    clock: Callable[[], datetime] = utc_now,
    accounts: AccountStore | None = None,
) -> FastAPI:
    """The app, wired; anything not given is built from ``settings``."""
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
        outcomes=_outcomes(settings),
        accounts=accounts or AccountStore(engine),
    )
    app = FastAPIOffline(
        title="jiesu intake", version="1", description=DESCRIPTION, lifespan=_lifespan
    )
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
    app.state.ctx.outcomes.close()


def healthz() -> dict[str, str]:
    """Liveness for orchestrators: the process serves requests."""
    return {"status": "ok"}


def _default_publisher(settings: Settings) -> EventPublisher:
    from jiesu.bus.publisher import Publisher
    from schemas.codec import default_codec

    return Publisher(settings, default_codec(settings))


def _outcomes(settings: Settings) -> CommandOutcomes:
    from schemas.codec import default_codec

    return CommandOutcomes(settings, default_codec(settings).decode)


def _default_city() -> City:
    from jiesu.config.city import load_city

    return load_city()


def _default_services(settings: Settings) -> Services:
    from producers.open311.catalog import load_services

    return load_services(settings.config_dir)
