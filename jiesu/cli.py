"""`jiesu <verb>`: one command line for every deployable and tool.

Each command imports its implementation inside its body, so `jiesu broker` does not pay for
faust or FastAPI, and this file stays the one readable list of what the system can do.
"""

from __future__ import annotations

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
        False, help="Generate (and print) development channel credentials first."
    ),
) -> None:
    """Run the intake HTTP service: every channel, Open311 and the handlers' actions."""
    from producers.http.serve import serve_intake

    serve_intake(host, port, init_credentials)


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
    loglevel: str = typer.Option("info", help="Log level of the worker."),
) -> None:
    """Run a stream-processing worker; run several to share the partitions."""
    from streams.cli import streams_command

    streams_command(tick_every if ticker else None, web_port or None, loglevel)


@app.command()
def simulate(
    petitions: int = typer.Option(100, min=0, help="Petitions to raise in the window."),
    seed: int = typer.Option(1, help="Same seed, same events."),
    days: float = typer.Option(1.0, min=0.01, help="Length of the window, in simulated days."),
    speed: float = typer.Option(
        0.0, min=0.0, help="Simulated time runs SPEED× real time; 0: as fast as possible."
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


if __name__ == "__main__":
    app()
