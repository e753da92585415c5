"""`jiesu intake`: create the topics, load the credentials, serve the app with uvicorn.

Outside development the intake refuses to start without a real ``JIESU_PII_KEY`` and
without ``channels.yaml`` (it says which file to create); it never makes keys by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer
import uvicorn
import yaml
from fastapi import FastAPI

from jiesu.bus.errors import BrokerUnavailable
from jiesu.bus.topics import ensure_topics
from jiesu.config import ConfigError
from jiesu.config.city import load_city
from jiesu.observe.serve import serve_metrics
from jiesu.production import require_secrets
from jiesu.settings import Settings, get_settings
from producers.credentials import FILE, credentials_path
from producers.dev_credentials import generate_dev_credentials

DEV_WORKERS = 3
DEV_SECRETS = "dev-secrets.yaml"


def init_dev_credentials(settings: Settings) -> dict[str, object]:
    """Write development credentials to the data directory and return them in clear."""
    grids = [g.code for g in load_city().grids()[:DEV_WORKERS]]
    return generate_dev_credentials(settings.data_dir / FILE, grids)


def print_credentials(clear: dict[str, object]) -> None:
    """The demo's development secrets (only `jiesu demo` prints secrets)."""
    typer.echo("development credentials (shown once; only hashes are stored):")
    for name, value in clear.items():
        if isinstance(value, dict):
            for worker, (token, grid) in value.items():
                typer.echo(f"  worker {worker} ({grid}): {token}")
        else:
            typer.echo(f"  {name}: {value}")


def write_dev_secrets(settings: Settings) -> Path:
    """Development credentials, their clear form in a file only its owner reads."""
    clear = init_dev_credentials(settings)
    path = settings.data_dir / DEV_SECRETS
    path.write_text(yaml.safe_dump(clear, allow_unicode=True), encoding="utf-8")
    path.chmod(0o600)
    return path


def missing_credentials(settings: Settings) -> str:
    if settings.credentials_file is not None:
        where = settings.credentials_file
    else:
        where = settings.config_dir / FILE if settings.config_dir else settings.data_dir / FILE
    return (
        f"no channel credentials: create {where} (README, 'Channel credentials'); "
        "for development, `JIESU_DEVELOPMENT=1 jiesu intake --init-credentials` writes one"
    )


def serve_intake(
    host: str, port: int, init_credentials: bool, build: Callable[[Settings], FastAPI]
) -> None:
    """Run until interrupted; exit 2 with the reason when Kafka or the configuration is wrong.

    ``build`` makes the app from the settings: the bootstrap's
    :func:`jiesu.bootstrap.intake.intake_app`, which joins the intake to its read model."""
    settings = get_settings()
    try:
        require_secrets(settings, "pii_key")
        if init_credentials and not settings.development:
            raise ConfigError("--init-credentials is for development (JIESU_DEVELOPMENT=1) only")
        if init_credentials:
            typer.echo(f"development credentials written to {write_dev_secrets(settings)}")
        if not credentials_path(settings).is_file():
            raise ConfigError(missing_credentials(settings))
        ensure_topics(settings)
        app = build(settings)
    except (BrokerUnavailable, ConfigError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    serve_metrics(settings, "intake", settings.intake_metrics_port)
    # No access log: every accepted petition and every refusal is logged by the service
    # itself, without personal data; a line per request would double the logging cost.
    # No log_config: uvicorn's records go through the structured root handler. Proxy headers
    # are the app's own (JIESU_TRUSTED_PROXIES), not uvicorn's default.
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False, proxy_headers=False)
