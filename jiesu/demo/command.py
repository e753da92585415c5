"""`jiesu demo`: start the whole system, run a simulated city's day through it, report."""

from __future__ import annotations

import json
import logging
import signal
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import typer
from rich.console import Console
from sqlalchemy import create_engine

from jiesu.bus.publisher import Publisher
from jiesu.config.city import load_city
from jiesu.demo.announce import announce, where_to_look
from jiesu.demo.follow import Follower
from jiesu.demo.logins import create_dev_users, print_logins
from jiesu.demo.progress import DemoProgress
from jiesu.demo.scenarios import Scenario, script_of
from jiesu.demo.stack import (
    Stack,
    StackOptions,
    prepare_settings,
    stale_state,
    start_children,
)
from jiesu.demo.summary import build_summary, count_dead_letters, count_log, projected_offsets
from jiesu.demo.target import DemoTarget
from jiesu.settings import Settings, get_settings
from producers.http.serve import init_dev_credentials, print_credentials
from producers.intake import Intake
from producers.simulator.commands import Commands
from producers.simulator.core import Simulation
from producers.simulator.live import Runner
from producers.simulator.traffic import DEFAULT_START, SimulationConfig
from producers.store import IntakeStore
from schemas.codec import Codec, default_codec
from streams.topics import ensure_stream_topics

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoOptions:
    petitions: int = 420
    seed: int = 1
    speed: float = 0.0
    days: float = 1.0
    exit_when_done: bool = False
    as_json: bool = False
    stack: StackOptions = field(default_factory=StackOptions)
    start: datetime | None = None
    """Simulated start (None: the simulator's default)."""
    scenario: Scenario | None = None
    tail_days: float = 1.0
    """Simulated days after the petitions' window in which handlers finish their work."""
    tick_minutes: int = 10


def run_demo(options: DemoOptions) -> dict[str, Any] | None:
    """Run the demo; return (and print) the summary, None when interrupted before it.

    Everything is stopped on the way out, whether the run ended, failed or was interrupted.
    """
    console = Console(stderr=options.as_json, quiet=options.as_json)
    base = get_settings()
    settings, broker = prepare_settings(base, (base.data_dir / "demo").resolve())
    stack = Stack(settings, broker)
    summary: dict[str, Any] | None = None
    with _stopping_on_signals(), _stopped(stack):
        ensure_stream_topics(settings)
        if (stale := stale_state(settings)) is not None:
            typer.echo(f"error: {stale}", err=True)
            raise typer.Exit(2)
        credentials = init_dev_credentials(settings)
        start_children(stack, options.stack)
        if not options.as_json:  # a headless run's passwords would be read by nobody
            logins = create_dev_users(settings)  # while the children boot
            print_credentials(credentials)
            print_logins(logins, stack.dashboard_url)
        announce(console, stack, options.scenario)
        summary = _simulate_and_sum_up(settings, stack, options)
        stack.wait_ready()
        print(json.dumps(summary, ensure_ascii=False, sort_keys=True), flush=True)
        if not options.exit_when_done:
            where_to_look(console, stack)
            while True:
                stack.check_alive()
                time.sleep(1)
    return summary


def _simulate_and_sum_up(settings: Settings, stack: Stack, options: DemoOptions) -> dict[str, Any]:
    codec = default_codec(settings)
    publisher = Publisher(settings, codec)
    engine = create_engine(settings.database_url)
    intake = Intake(
        publisher, IntakeStore(engine), lambda: datetime.now(UTC), pii_key=settings.pii_key
    )
    target = DemoTarget(intake, publisher, Commands(settings, publisher, codec))
    feed = Follower(settings, codec)
    try:
        config = SimulationConfig(
            seed=options.seed,
            petitions=options.petitions,
            days=options.days,
            start=options.start or DEFAULT_START,
            tail_days=options.tail_days,
            tick_minutes=options.tick_minutes,
            pii_key=settings.pii_key,
        )
        city = load_city()
        story = options.scenario and script_of(options.scenario, city, config)
        _run_simulation(Simulation(city, config, script=story or None), target, feed, options)
        feed.wait()
        _log_waits(feed, target.commands)
        _wait_for_projector(settings, codec, stack)
    finally:
        feed.close()
        target.close()
        publisher.close()
        engine.dispose()
    by_type = count_log(settings, codec)
    extra = {
        "actions_rejected": target.commands.rejected,
        "duplicates_rejected": target.duplicates_rejected,
        "dead_letters": count_dead_letters(settings),
    }
    return build_summary(by_type, extra, settings.database_url)


def _run_simulation(
    simulation: Simulation, target: DemoTarget, feed: Follower, options: DemoOptions
) -> Counter[str]:
    with DemoProgress(simulation, feed, disabled=options.as_json) as progress:
        return Runner(simulation, target, feed, options.speed, on_sent=progress.sent).run()


def _log_waits(feed: Follower, commands: Commands) -> None:
    """Where the simulation's time went: waiting for quiet, and for commands' outcomes."""
    log.info(
        "waited for quiet %d times (%.1f s), for commands' outcomes %d times (%.1f s)",
        feed.waits,
        feed.waited_s,
        commands.waits,
        commands.waited_s,
    )


def _wait_for_projector(
    settings: Settings, codec: Codec, stack: Stack, timeout_s: float = 300
) -> None:
    """Until the projector's stored positions reach every partition's high watermark."""
    from jiesu.bus.reading import high_watermarks

    topic = settings.petition_events_topic
    targets = high_watermarks(settings, topic, range(settings.petition_partitions))
    deadline = time.monotonic() + timeout_s
    while True:
        stack.check_alive()
        done = projected_offsets(settings.database_url, topic)
        if all(done.get(p, 0) >= hw for p, hw in targets.items() if hw > 0):
            return
        if time.monotonic() > deadline:
            raise TimeoutError("the projector did not catch up with the log")
        time.sleep(0.2)


@contextmanager
def _stopped(stack: Stack) -> Iterator[None]:
    try:
        yield
    finally:
        stack.stop()


@contextmanager
def _stopping_on_signals() -> Iterator[None]:
    """SIGINT and SIGTERM both mean an orderly stop, even where a shell ignored SIGINT."""

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    except KeyboardInterrupt:
        log.info("interrupted: every process of the demo was stopped")
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
