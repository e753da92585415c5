"""The stream processor's one faust app, and its topology.

Agents (each in its module, listed here explicitly; no autodiscovery):

- ``petitions`` (streams.petitions.agents): petition-events → decisions, appended to the
  partition they were decided in;
- ``clock`` (streams.clock.agents): clock → a copy of each tick in every petition partition;
- ``link-feed`` / ``linker`` (streams.linking.agents): PetitionReceived and tick copies →
  the one-partition link-input topic → PetitionsLinked (in event-time order), appended to
  each linked petition's partition;
- ``ticker`` (streams.ticker, optional): wall clock → clock;
- ``observe`` (streams.observe): every few seconds, the gauges (lag, fold sizes, calendar)
  and the liveness heartbeat that ``/healthz`` on the metrics port reports.

Decision state lives in memory and is rebuilt from the logs (never faust tables), so
recovery is exact on any Kafka-protocol broker; see streams.petitions.fold.
"""

from __future__ import annotations

from typing import Any

import faust

from jiesu.bus.topics import bootstrap_of
from jiesu.observe.serve import Liveness
from jiesu.settings import Settings
from streams import metrics, observe, ticker
from streams.clock import agents as clock_agents
from streams.linking import agents as linking_agents
from streams.pauses import EagerTableManager
from streams.petitions import agents as petition_agents
from streams.runtime import Runtime
from streams.topics import app_id, consumed
from streams.transport import broker_urls


class StreamsApp(faust.App):
    """faust.App plus the fetch wait our transport applies to its consumer."""

    fetch_max_wait_ms: int = 0


def create_app(
    runtime: Runtime,
    ticker_interval_s: float | None = None,
    web_port: int | None = None,
    liveness: Liveness | None = None,
) -> StreamsApp:
    """The app with every agent registered (the ticker only when an interval is given)."""
    settings = runtime.settings
    (settings.data_dir / "streams").mkdir(parents=True, exist_ok=True)
    app = StreamsApp(app_id(settings), **_app_options(settings, web_port))
    app.fetch_max_wait_ms = settings.fetch_max_wait_ms
    runtime.app = app
    metrics.initialise(consumed(settings))
    partitions = petition_agents.register(app, runtime)
    clock_agents.register(app, runtime)
    linker = linking_agents.register(app, runtime)
    liveness = liveness or Liveness(settings.liveness_stale_s)
    observe.register(app, runtime, partitions, linker, liveness)
    if ticker_interval_s:
        ticker.register(app, runtime, ticker_interval_s)
    return app


def _app_options(settings: Settings, web_port: int | None) -> dict[str, Any]:
    return {
        "broker": broker_urls(bootstrap_of(settings)),
        "autodiscover": False,
        "key_serializer": "raw",
        "value_serializer": "raw",
        "processing_guarantee": "at_least_once",
        "broker_session_timeout": settings.session_timeout_ms / 1000,
        "broker_heartbeat_interval": settings.heartbeat_interval_ms / 1000,
        "broker_commit_interval": settings.commit_interval_s,
        "consumer_auto_offset_reset": "earliest",
        "topic_allow_declare": False,
        "topic_disable_leader": True,
        "web_enabled": web_port is not None,
        "web_port": web_port or 6066,
        "datadir": str(settings.data_dir / "streams"),
        "store": "memory://",
        "TableManager": EagerTableManager,
    }
