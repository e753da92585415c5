"""Request counts and latency of an ASGI app, with labels of bounded values only.

A label is never the raw path (it holds petition ids): the intake labels by channel (the
path's first segment, from a fixed list), the dashboard by route template
(``/api/petitions/{petition_id}``), and a path no route matched is ``unmatched``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
"""From 5 ms (a health check) to 10 s (twice the publish timeout)."""


def route_template(scope: Scope) -> str:
    """The matched route's path template, or ``unmatched`` (404s, scanners)."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


class RequestMetrics:
    """Counts answers by ``label(scope)`` and status, and times them by ``label(scope)``.

    ``on_answer(label, status)`` derives further counters; ``skip`` leaves long-lived
    requests (server-sent events) out of the latency histogram, whose buckets are for
    answers, not for connections held open for hours.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        requests: Counter,
        latency: Histogram,
        label: Callable[[Scope], str],
        skip: Callable[[Scope], bool] = lambda scope: False,
        on_answer: Callable[[str, str], None] = lambda label, status: None,
    ) -> None:
        self.app = app
        self.requests = requests
        self.latency = latency
        self.label = label
        self.skip = skip
        self.on_answer = on_answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            label = self.label(scope)
            self.requests.labels(label, str(status)).inc()
            self.on_answer(label, str(status))
            if not self.skip(scope):
                self.latency.labels(label).observe(time.perf_counter() - started)
