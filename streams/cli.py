"""The body of `jiesu streams`: clear messages and exit codes around the worker."""

from __future__ import annotations

import typer

from jiesu.bus.errors import BrokerUnavailable
from jiesu.config import ConfigError
from jiesu.settings import get_settings


def streams_command(
    ticker_interval_s: float | None, web_port: int | None, loglevel: str = ""
) -> None:
    """Run one worker; exit 2 with the reason when Kafka cannot be reached or a configuration
    file is invalid."""
    from streams.worker import run_worker

    try:
        run_worker(get_settings(), ticker_interval_s, web_port, loglevel)
    except (BrokerUnavailable, ConfigError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
