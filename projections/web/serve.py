"""`jiesu dashboard`: the app built from the environment, served by uvicorn.

Outside development it refuses to start without ``JIESU_SESSION_SECRET`` (every replica
must sign sessions with the same key) and says how to make one.
"""

from __future__ import annotations

import typer
import uvicorn

from jiesu.config import ConfigError
from jiesu.observe.serve import serve_metrics
from jiesu.production import require_secrets
from jiesu.settings import get_settings
from projections.web.app import create_app


def serve_dashboard(host: str, port: int) -> None:
    """Run until SIGINT/SIGTERM; the change-feed consumer stops with the app."""
    settings = get_settings()
    try:
        require_secrets(settings, "session_secret")
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    serve_metrics(settings, "dashboard", settings.dashboard_metrics_port)
    # No log_config: uvicorn's records (and its access log) go through the structured root.
    # Proxy headers are the app's own (JIESU_TRUSTED_PROXIES), not uvicorn's default.
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None, proxy_headers=False)
