"""``/metrics`` (Prometheus text) and ``/healthz`` on each deployable's own metrics port.

A port of its own, not the service's: the intake faces citizens and the dashboard users,
while metrics are for Prometheus on the operators' network. The server is a small threaded
WSGI server around prometheus-client's exposition; it answers even while the service's own
loop is busy, so ``/healthz`` does not just say "the process is up": it reports a
:class:`Liveness` heartbeat that the service's loop beats, and answers 503 once the beat is
stale (a wedged loop is restarted by the orchestrator, not left holding its partitions).

A port already in use is logged as an error and the service runs on without metrics
(Prometheus then shows the target down and the ``JiesuTargetDown`` alert fires): a clash
of metrics ports must not stop the intake from taking petitions.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import Info, make_wsgi_app

from jiesu import __version__
from jiesu.settings import Settings

log = logging.getLogger(__name__)
BUILD = Info("jiesu_build", "The running jiesu's version and which deployable it is.")

Health = Callable[[], tuple[bool, dict[str, Any]]]


@dataclass
class Liveness:
    """A heartbeat: the service's loop calls :meth:`beat`; stale after ``stale_s``."""

    stale_s: float
    clock: Callable[[], float] = time.monotonic
    last: float = field(default=0.0)

    def __post_init__(self) -> None:
        self.last = self.clock()

    def beat(self) -> None:
        self.last = self.clock()

    def __call__(self) -> tuple[bool, dict[str, Any]]:
        age = self.clock() - self.last
        return age <= self.stale_s, {"heartbeat_age_s": round(age, 1), "stale_s": self.stale_s}


def always_alive() -> tuple[bool, dict[str, Any]]:
    return True, {}


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Scrapes every 15 s are not news."""


def wsgi_app(health: Health) -> Callable[..., Iterable[bytes]]:
    """``/metrics``, ``/healthz`` (200/503 with JSON), 404 for anything else."""
    metrics = make_wsgi_app()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/metrics":
            return metrics(environ, start_response)
        if path == "/healthz":
            ok, detail = health()
            body = json.dumps({"status": "ok" if ok else "stale", **detail}).encode()
            status = "200 OK" if ok else "503 Service Unavailable"
            start_response(status, [("Content-Type", "application/json")])
            return [body]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found: /metrics or /healthz\n"]

    return app


@dataclass
class MetricsServer:
    """A running metrics server; :meth:`close` stops it (tests, orderly shutdown)."""

    server: WSGIServer
    url: str

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def serve_metrics(
    settings: Settings, service: str, port: int, health: Health = always_alive
) -> MetricsServer | None:
    """Serve in a daemon thread; None when ``port`` is 0 (disabled) or cannot be bound."""
    BUILD.info({"version": __version__, "service": service})
    if port == 0:
        log.info("metrics disabled (port 0)", extra={"service": service})
        return None
    try:
        server = make_server(
            settings.metrics_host, port, wsgi_app(health), _Server, handler_class=_QuietHandler
        )
    except OSError as exc:
        log.error(
            "cannot serve /metrics on %s:%d (%s); running without metrics",
            settings.metrics_host,
            port,
            exc.strerror or exc,
        )
        return None
    threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()
    url = f"http://{settings.metrics_host}:{server.server_port}/metrics"
    log.info("serving metrics at %s", url, extra={"metrics_url": url})
    return MetricsServer(server, url)
