"""The dashboard's Prometheus metrics (served by ``jiesu dashboard`` on its metrics port)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram
from starlette.types import Scope

from jiesu.observe.http import LATENCY_BUCKETS, route_template

CHANGES_PATH = "/api/changes"

REQUESTS = Counter(
    "jiesu_dashboard_requests", "HTTP requests answered, by route and status.", ["route", "status"]
)
REQUEST_SECONDS = Histogram(
    "jiesu_dashboard_request_duration_seconds",
    "Time to answer, by route (the server-sent event stream is not timed).",
    ["route"],
    buckets=LATENCY_BUCKETS,
)
SSE_CLIENTS = Gauge("jiesu_dashboard_sse_clients", "Browsers connected to the change stream.")
CHANGES = Counter(
    "jiesu_dashboard_changes_received", "Read-model changes read from the change-feed topic."
)
FEED_READY = Gauge(
    "jiesu_dashboard_change_feed_ready", "1 when the change feed is positioned and reading."
)


def is_event_stream(scope: Scope) -> bool:
    return scope.get("path") == CHANGES_PATH


__all__ = ["CHANGES", "FEED_READY", "REQUESTS", "REQUEST_SECONDS", "SSE_CLIENTS", "route_template"]
