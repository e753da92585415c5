"""`jiesu replay`: rebuild read models from offset 0 into a database, then exit.

The target is created when missing (a PostgreSQL database included); the chosen
projections' tables are dropped and rebuilt, with ``petitions`` always among them since
every projection folds through the lifecycle state it keeps. Reading stops at each
partition's fetch high watermark (ListOffsets is wrong on some brokers). Replays publish
nothing to the change feed: readers switch to the rebuilt database as a whole (blue/green,
see :mod:`projections.store`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from jiesu.bus.reading import high_watermark, read_partition_until_caught_up
from jiesu.settings import Settings
from projections.batch import BatchApplier, retrying
from projections.kafka_io import dead_letterer, producer_for
from projections.store import prepare, session_factory
from projections.wiring import PROJECTIONS
from schemas.codec import default_codec


class UnknownProjection(ValueError):
    """A projection name that is not in :data:`projections.wiring.PROJECTIONS`."""


class RateColumn(ProgressColumn):
    """Events per second."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0:,.0f} events/s", style="cyan")


def selected(names: Iterable[str]) -> set[str]:
    chosen = set(names) or set(PROJECTIONS)
    unknown = chosen - set(PROJECTIONS)
    if unknown:
        known = ", ".join(PROJECTIONS)
        raise UnknownProjection(f"unknown projection {sorted(unknown)}; known: {known}")
    return chosen | {"petitions"}


def replay(
    settings: Settings,
    url: str,
    names: Iterable[str] = (),
    as_of: datetime | None = None,
    show_progress: bool = True,
) -> int:
    """Rebuild ``names`` (default: all) at ``url`` from the whole log; return events applied."""
    chosen = selected(names)
    retrying(lambda: prepare(url, chosen))
    producer = producer_for(settings)
    topic = settings.petition_events_topic
    applier = BatchApplier(
        session_factory(url),
        default_codec(settings),
        chosen,
        topic,
        dead_letterer(producer, settings.dead_letter_topic),
        change_feed=False,
        as_of=as_of,
    )
    partitions = range(settings.petition_partitions)
    try:
        total = sum(high_watermark(settings, topic, p) for p in partitions)
        with _progress(show_progress) as progress:
            task = progress.add_task(f"replaying {topic}", total=total)
            for partition in partitions:
                for batch in read_partition_until_caught_up(settings, topic, partition):
                    applier.apply(batch)
                    progress.advance(task, len(batch))
    finally:
        producer.close(timeout=5)
    return applier.applied


def _progress(show: bool) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        disable=not show,
    )
