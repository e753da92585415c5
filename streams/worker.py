"""`jiesu streams`: one stream-processing worker process.

Run several (on one machine or many) to share the partitions: they form one consumer group,
and a partition that moves is rebuilt from its log by its new owner.
"""

from __future__ import annotations

import logging

import faust

from jiesu.settings import Settings
from streams.app import create_app
from streams.runtime import build_runtime
from streams.topics import ensure_stream_topics

log = logging.getLogger(__name__)


def run_worker(
    settings: Settings,
    ticker_interval_s: float | None = None,
    web_port: int | None = None,
    loglevel: str = "info",
) -> None:
    """Create missing topics, then run the agents until SIGINT/SIGTERM (does not return)."""
    ensure_stream_topics(settings)
    runtime = build_runtime(settings)
    app = create_app(runtime, ticker_interval_s=ticker_interval_s, web_port=web_port)
    worker = faust.Worker(app, loglevel=loglevel, redirect_stdouts=False)
    worker.execute_from_commandline()
