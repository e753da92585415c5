"""A simulated city run through real `jiesu streams` and `jiesu project` processes, paced as
`jiesu demo` paces it: each stretch of simulated time goes out only once the processors'
group has committed everything before it, and handlers answer only what was decided. Two
runs of one seed then feed the same input in the same order, whatever the timing, so their
logs and read models can be compared, one of them with its processes SIGKILLed mid-flow."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from jiesu.bus.publisher import Publisher
from jiesu.bus.reading import read_partition_until_caught_up
from jiesu.config.city import load_city
from jiesu.demo.follow import Follower
from jiesu.demo.stack import LATENCY
from jiesu.domain.events import ClockTicked, Event
from jiesu.runtime.processes import Child, stop_all
from jiesu.settings import Settings
from producers.simulator.commands import Commands
from producers.simulator.core import Simulation
from producers.simulator.kafka_io import BrokerTarget
from producers.simulator.live import Runner
from producers.simulator.traffic import SimulationConfig
from schemas.codec import DecodeError, default_codec
from tests.conftest import GROUP_TIMING, PROJECTOR_TIMING
from tests.integration.test_projector_support import env_for


@dataclass
class Stack:
    """The stream worker and the projector of one city, as children that can be SIGKILLed
    and started again (each generation logs to its own file)."""

    settings: Settings
    url: str
    logs: Path
    children: list[Child] = field(default_factory=list)
    generation: int = 0

    def start(self) -> None:
        self.generation += 1
        env = env_for(self.settings, self.url) | GROUP_TIMING
        env["JIESU_COMMIT_INTERVAL_S"] = "0.05"  # quiet is seen soon after
        env |= {f"JIESU_{name.upper()}": str(value) for name, value in LATENCY.items()}
        n = self.generation
        self.children = [
            Child(f"streams-{n}", ["streams", "--no-ticker"], env, log_dir=self.logs),
            Child(
                f"project-{n}",
                ["project", "--batch-size", "20"],
                env | PROJECTOR_TIMING,
                log_dir=self.logs,
            ),
        ]
        for child in self.children:
            child.start()

    def kill(self) -> None:
        """SIGKILL both, the projector first, before reaping either: no goodbye to the
        group, no flush, no rollback but the database's."""
        for child in reversed(self.children):
            if child.process is not None:
                child.process.kill()
        for child in self.children:
            child.kill()  # reaps

    def stop(self) -> None:
        stop_all(self.children)


def quiet_of(settings: Settings) -> Follower:
    """What the demo waits on: the processors' group on every topic it consumes."""
    return Follower(settings, default_codec(settings))


class Hook(Protocol):
    """What happens around each stretch of simulated time a run sends."""

    def before(self, sent: set[str]) -> None:
        """The processors are quiet; ``sent``: the ids of every event sent so far."""

    def after(self, stretch: int, sent: set[str]) -> None:
        """The stretch's ``stretch`` events are acknowledged, ticks included."""


class Untouched:
    """The uninterrupted run's hook: nothing happens."""

    def before(self, sent: set[str]) -> None:
        """Nothing is interrupted before a stretch."""

    def after(self, stretch: int, sent: set[str]) -> None:
        """Nothing is interrupted after a stretch."""


class Recording:
    """The simulator's broker target (:class:`BrokerTarget`: actions as commands, each
    decided, then petitions, then the stretch's ticks), remembering what it sent and calling
    the hook around each stretch."""

    def __init__(self, target: BrokerTarget, hook: Hook) -> None:
        self.target, self.hook = target, hook
        self.sent: set[str] = set()

    def send(self, events: Sequence[Event]) -> None:
        self.hook.before(self.sent)
        self.target.send(events)
        self.sent.update(e.event_id for e in events)
        self.hook.after(len(events), self.sent)


def run_city(settings: Settings, config: SimulationConfig, hook: Hook) -> set[str]:
    """Run the simulation to its horizon and until the processors are quiet; return the ids
    of every event the city (petitioners, handlers, the clock) published."""
    settings = settings.model_copy(update=LATENCY)  # waits on every hop, as the demo does
    codec = default_codec(settings)
    publisher = Publisher(settings, codec)
    feed = Follower(settings, codec)
    broker = BrokerTarget(publisher, Commands(settings, publisher, codec))
    target = Recording(broker, hook)
    try:
        Runner(Simulation(load_city(), config), target, feed).run()
        feed.wait()
    finally:
        feed.close()
        broker.close()
        publisher.close()
    return target.sent


@dataclass(frozen=True)
class Logged:
    """One record of petition-events: where, its raw value, the event (None: undecodable)."""

    partition: int
    offset: int
    value: bytes
    event: Event | None


def read_log(settings: Settings) -> list[Logged]:
    """Every record of petition-events, up to each partition's fetch high watermark."""
    codec, topic = default_codec(settings), settings.petition_events_topic
    out: list[Logged] = []
    for p in range(settings.petition_partitions):
        for batch in read_partition_until_caught_up(settings, topic, p):
            for r in batch:
                try:
                    event: Event | None = codec.decode(r.value, topic=topic, partition=p)
                except DecodeError:
                    event = None
                out.append(Logged(p, r.offset, r.value, event))
    return out


def decisions(log: list[Logged], sent: set[str]) -> dict[str, bytes]:
    """What the processors decided (not the tick copies), by event id: the bytes of its first
    record. A decision published twice is one id here; see :func:`repeated`."""
    out: dict[str, bytes] = {}
    for r in log:
        e = r.event
        if e is not None and e.event_id not in sent and not isinstance(e, ClockTicked):
            out.setdefault(e.event_id, r.value)
    return out


def repeated(log: list[Logged]) -> dict[str, int]:
    """Event ids found on more than one record, and how many records each."""
    counts: dict[str, int] = {}
    for r in log:
        if r.event is not None:
            counts[r.event.event_id] = counts.get(r.event.event_id, 0) + 1
    return {k: n for k, n in counts.items() if n > 1}
