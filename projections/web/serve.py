"""`jiesu dashboard`: the app built from the environment, served by uvicorn."""

from __future__ import annotations

import uvicorn

from jiesu.settings import get_settings
from projections.web.app import create_app


def serve_dashboard(host: str, port: int) -> None:
    """Run until SIGINT/SIGTERM; the change-feed consumer stops with the app."""
    uvicorn.run(create_app(get_settings()), host=host, port=port, log_level="info")
