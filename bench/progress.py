"""One progress bar over every stage of the run, and each stage's wall time."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class StageProgress:
    """``with progress.stage("ceiling"):`` shows the stage, then records how long it took."""

    def __init__(self, console: Console, total: int) -> None:
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("jiesu bench", total=total)
        self.seconds: dict[str, float] = {}

    def __enter__(self) -> StageProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    @contextlib.contextmanager
    def stage(self, label: str, key: str) -> Iterator[None]:
        """Show ``label`` while the stage runs; store its seconds under ``key``."""
        self.progress.update(self.task, description=label)
        started = time.monotonic()
        try:
            yield
        finally:
            self.seconds[key] = round(time.monotonic() - started, 1)
            self.progress.advance(self.task)

    def take_seconds(self) -> dict[str, float]:
        """The stage times recorded since the last call."""
        seconds, self.seconds = self.seconds, {}
        return seconds
