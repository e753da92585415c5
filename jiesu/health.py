"""`jiesu check`: the health check used by docker-compose and operators."""

from __future__ import annotations

import httpx
import typer
from sqlalchemy import create_engine, text

from jiesu.bus.errors import BrokerUnavailable
from jiesu.bus.topics import admin_client
from jiesu.settings import get_settings


def run_checks(url: str | None) -> None:
    """Check every dependency; print one line each; exit 1 on the first failure."""
    checks = [("kafka", _kafka), ("database", _database)]
    if url:
        checks.append(("http", lambda: _http(url)))
    for name, check in checks:
        try:
            detail = check()
        except Exception as exc:
            typer.echo(f"{name}: FAILED ({type(exc).__name__}: {exc})", err=True)
            raise typer.Exit(1) from exc
        typer.echo(f"{name}: ok {detail}")


def _kafka() -> str:
    settings = get_settings()
    admin = admin_client(settings)
    try:
        topics = set(admin.list_topics())
    finally:
        admin.close()
    missing = {settings.petition_events_topic, settings.clock_topic} - topics
    if missing:
        raise BrokerUnavailable(f"missing topics {sorted(missing)}")
    return f"({len(topics)} topics)"


def _database() -> str:
    engine = create_engine(get_settings().database_url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    finally:
        engine.dispose()
    return f"({engine.url.render_as_string(hide_password=True)})"


def _http(url: str) -> str:
    response = httpx.get(url, timeout=3.0)
    response.raise_for_status()
    return f"({response.status_code})"
