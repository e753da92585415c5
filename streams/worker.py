"""`jiesu streams`: one stream-processing worker process.

Run several (on one machine or many) to share the partitions: they form one consumer group,
and a partition that moves is rebuilt from its log by its new owner.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime

from jiesu.domain.calendarmetrics import CalendarMetrics
from jiesu.domain.events import Channel, PetitionReceived
from jiesu.domain.ids import derived_id
from jiesu.domain.policy import Policy
from jiesu.observe.logs import wants_json
from jiesu.observe.serve import Liveness, serve_metrics
from jiesu.settings import Settings
from streams.app import create_app
from streams.pauses import Worker
from streams.runtime import Runtime, build_runtime
from streams.topics import ensure_stream_topics

log = logging.getLogger(__name__)


def run_worker(
    settings: Settings,
    ticker_interval_s: float | None = None,
    web_port: int | None = None,
    loglevel: str = "",
) -> None:
    """Load the configuration (a broken file fails before Kafka is touched), create missing
    topics, then run the agents until SIGINT/SIGTERM (does not return).

    Logging stays as `jiesu` configured it (structured; faust does not replace the
    handlers); faust's banner is printed only to a terminal, where it is read.
    """
    if loglevel:
        logging.getLogger().setLevel(loglevel.upper())
    runtime = build_runtime(settings)
    ensure_stream_topics(settings)
    liveness = Liveness(settings.liveness_stale_s)
    serve_metrics(settings, "streams", settings.streams_metrics_port, liveness)
    warm_up(runtime)
    app = create_app(runtime, ticker_interval_s, web_port, liveness)
    worker = Worker(
        app,
        loglevel=logging.getLogger().level,
        redirect_stdouts=False,
        override_logging=False,
        quiet=wants_json(settings, sys.stdout),
    )
    # faust's start-up spinner sets the root logger to DEBUG (to spin on every record) when
    # the level is WARNING or above: every debug call of the Kafka client then builds a
    # record, about 4 % of the worker's CPU under load. A worker has no terminal to spin in.
    worker.spinner = None
    worker.execute_from_commandline()


def warm_up(runtime: Runtime) -> None:
    """Decide one made-up petition with the policy and a throwaway link index.

    Loading the word segmenter's dictionary takes seconds; done here, before the worker
    joins its group, it does not stall the first partition's rebuild (and a broken
    configuration fails now). Nothing is published.
    """
    moment = datetime(2000, 1, 1, tzinfo=UTC)
    event_id = derived_id("warm-up")
    sample = PetitionReceived(
        event_id=event_id,
        petition_id=event_id,
        event_time=moment,
        recorded_time=moment,
        actor="processor:warm-up",
        correlation_id=event_id,
        channel=Channel.HOTLINE,
        channel_ref="warm-up",
        text="小区门口的垃圾桶满了没人清运",
    )
    runtime.policy.on_event(None, sample, moment)
    runtime.link_index().add(sample)
    if isinstance(runtime.policy, Policy):  # the made-up petition's deadlines are not real
        runtime.policy.config.calendar.metrics = CalendarMetrics()
