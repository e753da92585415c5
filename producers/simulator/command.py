"""`jiesu simulate`: a simulated city's traffic, published live with a progress bar."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from jiesu.bus.errors import BrokerUnavailable
from jiesu.bus.publisher import Publisher
from jiesu.bus.topics import ensure_topics
from jiesu.config.city import load_city
from jiesu.domain.events import Event
from jiesu.settings import Settings, get_settings
from producers.simulator.commands import Commands
from producers.simulator.core import Simulation
from producers.simulator.intake_target import IntakeTarget, IntakeUnavailable, load_secrets
from producers.simulator.kafka_io import BrokerFeed, BrokerTarget
from producers.simulator.live import Runner, Target
from producers.simulator.traffic import CHINA, DEFAULT_START, SimulationConfig
from schemas.codec import default_codec


def parse_start(text: str | None) -> datetime:
    """An ISO date or datetime (Beijing time unless zoned); None: the fixed default; 'now':
    the wall clock, only when asked (e.g. with --intake, whose channels stamp their own time)."""
    if not text:
        return DEFAULT_START
    if text == "now":
        return datetime.now(UTC).replace(second=0, microsecond=0)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise typer.BadParameter(
            f"not an ISO date/datetime: {text!r}", param_hint="--start"
        ) from exc
    return (moment if moment.tzinfo else moment.replace(tzinfo=CHINA)).astimezone(UTC)


@dataclass(frozen=True)
class Via:
    """Where petitions and actions go: the broker, or a running intake with its secrets."""

    intake_url: str | None = None
    secrets: Path | None = None


def simulate(
    config: SimulationConfig, speed: float, via: Via, settings: Settings | None = None
) -> Counter[str]:
    """Run the simulation against the broker (or a running intake); exit 2 when unreachable."""
    settings = settings or get_settings()
    try:
        ensure_topics(settings)
        return _run(settings, config, speed, via)
    except (BrokerUnavailable, IntakeUnavailable) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


def _target(broker: BrokerTarget, via: Via) -> Target:
    if not via.intake_url:
        return broker
    if via.secrets is None:
        raise typer.BadParameter("--intake needs --credentials FILE (jiesu demo prints them)")
    return IntakeTarget(via.intake_url, load_secrets(via.secrets), fallback=broker)


def _run(settings: Settings, config: SimulationConfig, speed: float, via: Via) -> Counter[str]:
    codec = default_codec(settings)
    publisher = Publisher(settings, codec)
    broker = BrokerTarget(publisher, Commands(settings, publisher, codec))
    target = _target(broker, via)
    simulation = Simulation(load_city(), config)
    feed = BrokerFeed(settings, codec)
    try:
        counts = _drive(simulation, target, feed, speed)
    finally:
        feed.close()
        broker.close()
        publisher.close()
    refused = target.refused if isinstance(target, IntakeTarget) else Counter()
    _summary(counts, simulation.agenda.dropped, refused)
    return counts


def _drive(simulation: Simulation, target: Target, feed: BrokerFeed, speed: float) -> Counter[str]:
    with progress_bar() as progress:
        task = progress.add_task("simulating", total=simulation.scheduled, now="")

        def advance(events: Sequence[Event]) -> None:
            local = events[-1].event_time.astimezone(CHINA)
            now = f"{local:%Y-%m-%d %H:%M}"
            progress.update(task, advance=len(events), total=simulation.scheduled, now=now)

        return Runner(simulation, target, feed, speed, on_sent=advance).run()


def progress_bar() -> Progress:
    """The simulation's progress: events sent, and the simulated time reached."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("simulated time {task.fields[now]}"),
        TimeElapsedColumn(),
    )


def _summary(counts: Counter[str], dropped: int, refused: Counter[str]) -> None:
    console = Console()
    table = Table("event", "published")
    for name, count in sorted(counts.items()):
        table.add_row(name, str(count))
    console.print(table)
    if dropped:
        console.print(f"{dropped} handler actions fell after the horizon and were not sent")
    for answer, count in sorted(refused.items()):
        console.print(f"the intake refused {count} requests with {answer}")
