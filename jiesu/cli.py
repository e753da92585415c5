"""`jiesu <verb>`: one command line for every deployable and tool.

Each command imports its implementation inside its body, so `jiesu broker` does not pay for
faust or FastAPI. This file lists the deployables and the demo; the tools and the log's
commands are in ``cli_tools.py`` and ``cli_log.py`` beside it.
"""

from __future__ import annotations

from dataclasses import replace

import typer

from jiesu.cli_options import TAIL_DAYS, TICK_MINUTES
from jiesu.erasure.command import erase_command

app = typer.Typer(
    name="jiesu",
    help="接诉即办: citizen petitions, event-sourced on Kafka.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
topics_app = typer.Typer(help="Kafka topics of the system.", no_args_is_help=True)
app.add_typer(topics_app, name="topics")


@app.callback()
def _logging(ctx: typer.Context) -> None:
    """Every verb logs structured lines, named after the verb (the service field)."""
    from jiesu.observe.logs import configure_logging

    configure_logging(ctx.invoked_subcommand or "jiesu")


def _users_app() -> typer.Typer:
    from jiesu.users_command import app as users

    return users


app.add_typer(_users_app(), name="users")
app.command("erase")(erase_command)


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
    from jiesu.bootstrap.intake import intake_app
    from producers.http.serve import serve_intake

    serve_intake(host, port, init_credentials, intake_app)


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
def dashboard(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
) -> None:
    """Serve the dashboard: JSON API, live change stream and the Chinese pages."""
    from projections.web.serve import serve_dashboard

    serve_dashboard(host, port)


@app.command()
def project(
    db: str = typer.Option("", help="Read-model database URL (default: DATABASE_URL)."),
    batch_size: int = typer.Option(2000, min=1, help="Records per transaction, at most."),
) -> None:
    """Fold petition-events into the read models, continuously (one projector per database)."""
    from projections.commands import project as run

    run(db or None, batch_size)


@app.command()
def demo(
    petitions: int = typer.Option(420, min=1, help="Petitions in the simulated day."),
    seed: int = typer.Option(1, help="Same seed, same run, same JSON."),
    speed: float = typer.Option(
        0.0, min=0.0, help="Simulated time runs SPEED× real time; 0: as fast as the pipeline goes."
    ),
    days: float = typer.Option(1.0, min=0.01, help="Simulated days of petitions."),
    tail_days: float = TAIL_DAYS,
    tick_minutes: int = TICK_MINUTES,
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
    from jiesu.demo.options import require_story_in_window, story_and_start
    from jiesu.settings import get_settings

    story, begin = story_and_start(scenario, start)
    if story is None and scenario == "list":
        return
    require_story_in_window(story, begin, days)
    require_valid_calendar(get_settings())
    from jiesu.demo.stack import StackOptions

    stack = StackOptions(web=web, intake_port=intake_port, dashboard_port=dashboard_port)
    options = DemoOptions(petitions, seed, speed, days, exit_when_done, as_json, stack)
    run_demo(
        replace(
            options, start=begin, scenario=story, tail_days=tail_days, tick_minutes=tick_minutes
        )
    )


def _more_commands() -> None:
    """The tools (``jiesu/cli_tools.py``) and the log's rebuilds and exports
    (``jiesu/cli_log.py``), kept in their own files so each stays readable."""
    from jiesu import cli_log, cli_tools

    cli_tools.register(app)
    cli_log.register(app)


_more_commands()


if __name__ == "__main__":
    app()
