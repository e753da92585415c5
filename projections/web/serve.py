"""`jiesu dashboard`: the app built from the environment, served by uvicorn."""

from __future__ import annotations

import uvicorn

from jiesu.observe.serve import serve_metrics
from jiesu.settings import get_settings
from projections.web.app import create_app


def serve_dashboard(host: str, port: int) -> None:
    """Run until SIGINT/SIGTERM; the change-feed consumer stops with the app."""
    settings = get_settings()
    serve_metrics(settings, "dashboard", settings.dashboard_metrics_port)
    # No log_config: uvicorn's records (and its access log) go through the structured root.
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None)
