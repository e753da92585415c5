"""Command bodies of `jiesu project`, `replay`, `projections dump` and `export`.

Bad input ends with a message and exit code 2; an unreachable broker with exit code 2 too;
nothing is half-written, since every batch is one transaction.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NoReturn, TypeVar

import typer
from kafka.errors import KafkaError
from sqlalchemy.exc import OperationalError

from jiesu.bus.errors import BrokerUnavailable
from jiesu.settings import get_settings
from projections.petition_rows import SHANGHAI

T = TypeVar("T")


def parse_as_of(text: str | None) -> datetime | None:
    """An ISO timestamp; without a zone it is Beijing time (what operators mean)."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        _fail(f"--as-of: {text!r} is no ISO-8601 timestamp (e.g. 2026-09-30T18:00+08:00)")
    return moment.replace(tzinfo=SHANGHAI) if moment.tzinfo is None else moment


def project(db: str | None, batch_size: int) -> None:
    from projections.live import project_command

    settings = get_settings()
    _guard(lambda: project_command(settings, db or None, batch_size))


def replay(
    db: str, names: list[str], as_of: str | None, progress: bool, switch: bool = False
) -> None:
    from projections.replay import UnknownProjection
    from projections.replay import replay as run

    moment = parse_as_of(as_of)
    try:
        count = _guard(lambda: run(get_settings(), db, names, moment, progress))
    except UnknownProjection as exc:
        _fail(str(exc))
    typer.echo(f"replayed {count} events into {_safe(db)}")
    if switch:
        from projections.pointer import ReadModelPointer

        ReadModelPointer(get_settings()).switch(db)
        typer.echo(f"readers and the projector now use {_safe(db)}")


def dump(db: str | None) -> None:
    from projections.dump import dump_json

    url = db or get_settings().database_url
    sys.stdout.write(_guard(lambda: dump_json(url), url) + "\n")


def export(db: str | None, fmt: str, out: Path) -> None:
    from projections.export import FORMATS, export_read_models

    if fmt not in FORMATS:
        _fail(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    url = db or get_settings().database_url
    for path in _guard(lambda: export_read_models(url, out, fmt), url):
        typer.echo(str(path))


def export_events(fmt: str, out: Path) -> None:
    from projections.export import FORMATS
    from projections.export import export_events as run

    if fmt not in FORMATS:
        _fail(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    typer.echo(str(_guard(lambda: run(get_settings(), out, fmt))))


def _guard(action: Callable[[], T], url: str = "") -> T:
    try:
        return action()
    except OperationalError as exc:
        _fail(f"cannot use the database {_safe(url)}: {type(exc.orig).__name__}")
    except BrokerUnavailable as exc:
        _fail(str(exc))
    except KafkaError as exc:
        _fail(f"cannot reach Kafka: {type(exc).__name__}")


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
