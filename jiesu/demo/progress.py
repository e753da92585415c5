"""The demo's progress line: simulated time, petitions sent, the log's events per second and
the processors' lag (the most records their group had left to commit at the last wait)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from types import TracebackType

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from jiesu.demo.follow import Follower
from jiesu.domain.events import Event, PetitionReceived
from producers.simulator.core import Simulation
from producers.simulator.traffic import CHINA


class DemoProgress:
    """A rich progress line the runner advances after each stretch it sends."""

    def __init__(self, simulation: Simulation, follower: Follower, disabled: bool) -> None:
        self.simulation, self.follower = simulation, follower
        self.progress = Progress(
            TextColumn("[bold]simulated[/bold] {task.fields[now]}"),
            BarColumn(),
            TextColumn("petitions {task.fields[petitions]}"),
            TextColumn("{task.fields[eps]} events/s"),
            TextColumn("lag {task.fields[lag]}"),
            TimeElapsedColumn(),
            disable=disabled,
        )
        self.petitions = 0
        self.started = time.monotonic()
        self.task = self.progress.add_task(
            "demo", total=simulation.scheduled, now="", petitions="0", eps="0", lag="0"
        )

    def __enter__(self) -> DemoProgress:
        self.progress.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.progress.__exit__(kind, error, trace)

    def sent(self, events: Sequence[Event]) -> None:
        self.petitions += sum(isinstance(e, PetitionReceived) for e in events)
        elapsed = max(time.monotonic() - self.started, 1e-3)
        self.progress.update(
            self.task,
            advance=len(events),
            total=self.simulation.scheduled,
            now=f"{events[-1].event_time.astimezone(CHINA):%Y-%m-%d %H:%M}",
            petitions=f"{self.petitions}/{len(self.simulation.petitions)}",
            eps=f"{self.follower.logged / elapsed:.0f}",
            lag=str(self.follower.last_peak),
        )
