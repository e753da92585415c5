"""Command bodies for `jiesu broker` and `jiesu topics create`."""

from __future__ import annotations

import signal
import threading

import typer
from rich.console import Console
from rich.table import Table

from jiesu.bus.embedded import BrokerStartError, EmbeddedBroker, free_port
from jiesu.bus.errors import BrokerUnavailable
from jiesu.bus.topics import ensure_topics, topic_map
from jiesu.settings import get_settings


def serve_broker(port: int) -> None:
    """Start the broker, print ``bootstrap=HOST:PORT``, stop cleanly on SIGINT/SIGTERM."""
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    embedded = EmbeddedBroker(port=port or free_port())
    try:
        embedded.start()
    except BrokerStartError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    try:
        typer.echo(f"bootstrap={embedded.bootstrap}")
        while not stop.wait(0.5):
            if embedded.process is None or embedded.process.poll() is not None:
                typer.echo("error: the broker process exited", err=True)
                raise typer.Exit(1)
    finally:
        embedded.stop()


def create_topics() -> None:
    """Create missing topics and show the topic map."""
    settings = get_settings()
    try:
        created = set(ensure_topics(settings))
    except BrokerUnavailable as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    table = Table("topic", "partitions", "created now", "purpose")
    for spec in topic_map(settings):
        table.add_row(
            spec.name, str(spec.partitions), "yes" if spec.name in created else "", spec.purpose
        )
    Console().print(table)
