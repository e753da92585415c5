"""`jiesu replay|projections dump|export`: the read models rebuilt from the log, compared
and exported (registered on the one command line by :mod:`jiesu.cli`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

projections_app = typer.Typer(help="The SQL read models.", no_args_is_help=True)
export_app = typer.Typer(help="Read models (default) or the event log as files.")


def register(app: typer.Typer) -> None:
    """Add the log's commands to ``app``."""
    app.command()(replay)
    app.add_typer(projections_app, name="projections")
    app.add_typer(export_app, name="export")


def replay(
    db: str = typer.Option(..., help="Database URL to rebuild into (created if missing)."),
    projection: Annotated[
        list[str] | None, typer.Option(help="Projection(s) to rebuild; default all.")
    ] = None,
    as_of: str = typer.Option("", help="Only events with event_time <= this ISO time."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar."),
    switch: bool = typer.Option(
        False, help="Then switch readers and the projector to DB (blue/green, no restart)."
    ),
) -> None:
    """Rebuild read models from offset 0 and exit when caught up (blue/green rebuilds)."""
    from projections.commands import replay as run

    run(db, projection or [], as_of or None, progress, switch)


@projections_app.command("dump")
def projections_dump(
    db: str = typer.Option("", help="Database URL (default: DATABASE_URL)."),
) -> None:
    """Print every read model as canonical JSON (compare two databases with diff)."""
    from projections.commands import dump

    dump(db or None)


@export_app.callback(invoke_without_command=True)
def export(
    ctx: typer.Context,
    db: str = typer.Option("", help="Database URL (default: DATABASE_URL)."),
    format: str = typer.Option("parquet", help="parquet or csv."),
    out: Annotated[Path, typer.Option(help="Directory to write into.")] = Path("export"),
) -> None:
    """Export the read models, one file per table."""
    if ctx.invoked_subcommand is None:
        from projections.commands import export as run

        run(db or None, format, out)


@export_app.command("events")
def export_events(
    format: str = typer.Option("parquet", help="parquet or csv."),
    out: Annotated[Path, typer.Option(help="Directory to write into.")] = Path("export"),
) -> None:
    """Export the raw event log, decoded and redacted (no personal data)."""
    from projections.commands import export_events as run

    run(format, out)
