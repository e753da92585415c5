"""`jiesu <verb>`: one command line for every deployable and tool.

Each command imports its implementation inside its body, so `jiesu broker` does not pay for
faust or FastAPI, and this file stays the one readable list of what the system can do.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="jiesu",
    help="接诉即办: citizen petitions, event-sourced on Kafka.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
topics_app = typer.Typer(help="Kafka topics of the system.", no_args_is_help=True)
app.add_typer(topics_app, name="topics")
import_app = typer.Typer(help="Bulk imports from other systems.", no_args_is_help=True)
app.add_typer(import_app, name="import")
projections_app = typer.Typer(help="The SQL read models.", no_args_is_help=True)
app.add_typer(projections_app, name="projections")
export_app = typer.Typer(help="Read models (default) or the event log as files.")
app.add_typer(export_app, name="export")
calendar_app = typer.Typer(help="The statutory working-day calendar.", no_args_is_help=True)
app.add_typer(calendar_app, name="calendar")


@app.callback()
def _logging(ctx: typer.Context) -> None:
    """Every verb logs structured lines, named after the verb (the service field)."""
    from jiesu.observe.logs import configure_logging

    configure_logging(ctx.invoked_subcommand or "jiesu")


def _users_app() -> typer.Typer:
    from jiesu.accounts.commands import app as users

    return users


app.add_typer(_users_app(), name="users")


@app.command()
def broker(
    port: int = typer.Option(9092, help="Loopback port to listen on (0: any free port)."),
) -> None:
    """Run the embedded Kafka-compatible broker until SIGINT/SIGTERM."""
    from jiesu.bus.serve import serve_broker

    serve_broker(port)


@topics_app.command("create")
def topics_create() -> None:
    """Create every topic of the topic map that does not exist yet (idempotent)."""
    from jiesu.bus.serve import create_topics

    create_topics()


@app.command()
def intake(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8080, help="Port to listen on."),
    init_credentials: bool = typer.Option(
        False, help="Development: write channels.yaml and its clear keys (dev-secrets.yaml)."
    ),
) -> None:
    """Run the intake HTTP service: every channel, Open311 and the handlers' actions."""
    from producers.http.serve import serve_intake

    serve_intake(host, port, init_credentials)


@app.command()
def secret() -> None:
    """Print a new random secret (for JIESU_PII_KEY, JIESU_SESSION_SECRET)."""
    import secrets

    typer.echo(secrets.token_urlsafe(32))


@app.command()
def check(
    url: str = typer.Option("", help="Also require this HTTP URL to answer 2xx (health checks)."),
) -> None:
    """Exit 0 when Kafka, the database (and URL, if given) answer; 1 with the reason if not."""
    from jiesu.health import run_checks

    run_checks(url or None)


@app.command()
def streams(
    ticker: bool = typer.Option(True, "--ticker/--no-ticker", help="Publish clock ticks."),
    tick_every: float = typer.Option(60.0, min=0.1, help="Seconds of wall time between ticks."),
    web_port: int = typer.Option(0, help="Port of faust's web server (0: no web server)."),
    loglevel: str = typer.Option("", help="Log level of the worker (default: JIESU_LOG_LEVEL)."),
) -> None:
    """Run a stream-processing worker; run several to share the partitions."""
    from jiesu.calendar_cli import require_valid_calendar
    from jiesu.settings import get_settings
    from streams.cli import streams_command

    require_valid_calendar(get_settings())

    streams_command(tick_every if ticker else None, web_port or None, loglevel)


@app.command()
def simulate(
    petitions: int = typer.Option(100, min=0, help="Petitions to raise in the window."),
    seed: int = typer.Option(1, help="Same seed, same events."),
    days: float = typer.Option(1.0, min=0.01, help="Length of the window, in simulated days."),
    speed: float = typer.Option(
        0.0,
        min=0.0,
        help="Simulated time runs SPEED× real time (≤600 lets handlers keep their planned"
        " times behind the stream processors); 0: as fast as possible.",
    ),
    start: str = typer.Option(
        "", help="Simulated start: ISO (Beijing time unless zoned) or 'now'; default fixed."
    ),
    tail_days: float = typer.Option(1.0, min=0.0, help="Days after the window for handlers."),
    intake: str = typer.Option("", help="Post petitions and actions to this intake URL."),
    credentials: Annotated[
        Path | None, typer.Option(help="The intake's development secrets (YAML/JSON).")
    ] = None,
) -> None:
    """Simulate a city's petitions and handlers; ticks and events go to Kafka."""
    from jiesu.settings import get_settings
    from producers.simulator.command import Via, parse_start
    from producers.simulator.command import simulate as run
    from producers.simulator.traffic import SimulationConfig

    config = SimulationConfig(
        seed=seed,
        petitions=petitions,
        days=days,
        start=parse_start(start or None),
        tail_days=tail_days,
        pii_key=get_settings().pii_key,
    )
    run(config, speed, Via(intake or None, credentials))


@app.command()
def dashboard(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
) -> None:
    """Serve the dashboard: JSON API, live change stream and the Chinese pages."""
    from projections.web.serve import serve_dashboard

    serve_dashboard(host, port)


@app.command()
def bench(
    quick: bool = typer.Option(False, help="Small log and short load steps (about 2 minutes)."),
    scale: str = typer.Option(
        "", help="Events in the log, comma-separated (default 10000,100000; --quick 500)."
    ),
    offered_rps: float = typer.Option(50.0, min=1.0, help="Steady load for latency, per second."),
    stages: str = typer.Option(
        "all", help="Subset of ceiling,streams,replay,intake,latency,sustained."
    ),
    as_json: bool = typer.Option(False, "--json", help="End with one JSON object on a line."),
) -> None:
    """Measure throughput, latency, replay and memory of the whole pipeline on this machine."""
    from bench.command import bench_command

    bench_command(quick, scale, offered_rps, stages, as_json)


@import_app.command("hotline")
def import_hotline(
    file: Annotated[Path, typer.Argument(help="Call-centre export: .csv or .jsonl.")],
    report: Annotated[
        Path | None, typer.Option(help="Error report (default: FILE.errors.csv).")
    ] = None,
) -> None:
    """Import 12345 work orders; exit 1 when any row failed (see the report), 2 on no import."""
    from producers.hotline_import_cli import import_hotline_command

    import_hotline_command(file, report)


@app.command()
def project(
    db: str = typer.Option("", help="Read-model database URL (default: DATABASE_URL)."),
    batch_size: int = typer.Option(2000, min=1, help="Records per transaction, at most."),
) -> None:
    """Fold petition-events into the read models, continuously (one projector per database)."""
    from projections.commands import project as run

    run(db or None, batch_size)


@app.command()
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


@app.command()
def classify(
    target: Annotated[
        str | None, typer.Argument(help="A petition's text, or with --evaluate a labelled set.")
    ] = None,
    evaluate: bool = typer.Option(
        False, "--evaluate", help="Measure the classifier on a labelled set (default: ours)."
    ),
    hint: str | None = typer.Option(None, help="A channel's own category (id or name)."),
    misses: bool = typer.Option(False, help="With --evaluate: list the misclassified texts."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object instead of tables."),
) -> None:
    """Classify a text, or measure the classifier: precision/recall, macro-F1, confusion."""
    from jiesu.classify_command import classify_command

    classify_command(target, evaluate, hint, misses, as_json)


@app.command()
def demo(
    petitions: int = typer.Option(420, min=1, help="Petitions in the simulated day."),
    seed: int = typer.Option(1, help="Same seed, same run, same JSON."),
    speed: float = typer.Option(
        0.0, min=0.0, help="Simulated time runs SPEED× real time; 0: as fast as the pipeline goes."
    ),
    days: float = typer.Option(1.0, min=0.01, help="Simulated days of petitions."),
    exit_when_done: bool = typer.Option(False, help="Exit once the simulation is done."),
    web: bool = typer.Option(True, "--web/--no-web", help="Start the dashboard."),
    as_json: bool = typer.Option(False, "--json", help="Print only the summary JSON (last line)."),
    intake_port: int = typer.Option(8080, help="Port of the intake service."),
    dashboard_port: int = typer.Option(8000, help="Port of the dashboard."),
    start: str | None = typer.Option(
        None, help="Simulated start, ISO (Beijing time unless zoned); default 2026-09-01."
    ),
    scenario: str | None = typer.Option(
        None, help="A scripted story on top of the day (storm, retirees, callback); 'list'."
    ),
) -> None:
    """The whole system, embedded, with a simulated city's day; Ctrl-C stops everything."""
    from jiesu.calendar_cli import require_valid_calendar
    from jiesu.demo.command import DemoOptions, run_demo
    from jiesu.demo.options import story_and_start
    from jiesu.settings import get_settings

    story, begin = story_and_start(scenario, start)
    if story is None and scenario == "list":
        return
    require_valid_calendar(get_settings())
    from jiesu.demo.stack import StackOptions

    stack = StackOptions(web=web, intake_port=intake_port, dashboard_port=dashboard_port)
    options = DemoOptions(petitions, seed, speed, days, exit_when_done, as_json, stack)
    run_demo(replace(options, start=begin, scenario=story))


@calendar_app.command("show")
def calendar_show(
    year: Annotated[int, typer.Argument(min=1900, max=2099, help="The year, e.g. 2027.")],
    month: Annotated[int | None, typer.Option(min=1, max=12, help="Only this month.")] = None,
    as_json: bool = typer.Option(False, "--json", help="One JSON object instead of a table."),
) -> None:
    """Days off and make-up working days of YEAR, each with its source; provisional or not."""
    from jiesu.calendar_cli import show_command

    show_command(year, month, as_json)


@calendar_app.command("check")
def calendar_check(
    file: Annotated[Path, typer.Argument(help="An operator holiday file (YAML or JSON).")],
) -> None:
    """Validate a holiday file: exit 1 listing FILE:LINE: what is wrong, for every mistake."""
    from jiesu.calendar_cli import check_command

    check_command(file)


if __name__ == "__main__":
    app()
