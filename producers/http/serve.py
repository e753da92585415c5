"""`jiesu intake`: create the topics, load the credentials, serve the app with uvicorn."""

from __future__ import annotations

import typer
import uvicorn

from jiesu.bus.errors import BrokerUnavailable
from jiesu.bus.topics import ensure_topics
from jiesu.config import ConfigError
from jiesu.config.city import load_city
from jiesu.observe.serve import serve_metrics
from jiesu.settings import Settings, get_settings
from producers.credentials import credentials_path, generate_dev_credentials

DEV_WORKERS = 3


def init_dev_credentials(settings: Settings) -> dict[str, object]:
    """Write development credentials to the data directory and return them in clear."""
    grids = [g.code for g in load_city().grids()[:DEV_WORKERS]]
    return generate_dev_credentials(settings.data_dir / "channels.yaml", grids)


def print_credentials(clear: dict[str, object]) -> None:
    typer.echo("development credentials (shown once; only hashes are stored):")
    for name, value in clear.items():
        if isinstance(value, dict):
            for worker, (token, grid) in value.items():
                typer.echo(f"  worker {worker} ({grid}): {token}")
        else:
            typer.echo(f"  {name}: {value}")


def serve_intake(host: str, port: int, init_credentials: bool) -> None:
    """Run until interrupted; exit 2 with the reason when Kafka or the configuration is wrong."""
    from producers.http.app import create_app

    settings = get_settings()
    explicit = settings.credentials_file is not None
    if init_credentials or not (explicit or credentials_path(settings).is_file()):
        print_credentials(init_dev_credentials(settings))
    try:
        ensure_topics(settings)
        app = create_app(settings)
    except (BrokerUnavailable, ConfigError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    serve_metrics(settings, "intake", settings.intake_metrics_port)
    # No access log: every accepted petition and every refusal is logged by the service
    # itself, without personal data; a line per request would double the logging cost.
    # No log_config: uvicorn's records go through the structured root handler.
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False)
