"""`jiesu secret|check|simulate|bench|import|classify|calendar`: the operators' and
developers' tools (registered on the one command line by :mod:`jiesu.cli`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jiesu.cli_options import TAIL_DAYS, TICK_MINUTES

import_app = typer.Typer(help="Bulk imports from other systems.", no_args_is_help=True)
calendar_app = typer.Typer(help="The statutory working-day calendar.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the tools to ``app``."""
    for command in (secret, check, simulate, bench, classify):
        app.command()(command)
    app.add_typer(import_app, name="import")
    app.add_typer(calendar_app, name="calendar")


def secret() -> None:
    """Print a new random secret (for JIESU_PII_KEY, JIESU_SESSION_SECRET)."""
    import secrets

    typer.echo(secrets.token_urlsafe(32))


def check(
    url: str = typer.Option("", help="Also require this HTTP URL to answer 2xx (health checks)."),
) -> None:
    """Exit 0 when Kafka, the database (and URL, if given) answer; 1 with the reason if not."""
    from jiesu.health import run_checks

    run_checks(url or None)


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
    tail_days: float = TAIL_DAYS,
    tick_minutes: int = TICK_MINUTES,
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
        tick_minutes=tick_minutes,
        pii_key=get_settings().pii_key,
    )
    run(config, speed, Via(intake or None, credentials))


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
