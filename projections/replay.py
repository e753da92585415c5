"""`jiesu replay`: rebuild read models from offset 0 into a database, then exit.

The target is created when missing (a PostgreSQL database included); the chosen
projections' tables are dropped and rebuilt, with ``petitions`` always among them since
every projection folds through the lifecycle state it keeps. Reading stops at each
partition's fetch high watermark (ListOffsets is wrong on some brokers). Replays publish
nothing to the change feed: readers switch to the rebuilt database as a whole (blue/green,
see :mod:`projections.store`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text
from sqlalchemy.orm import sessionmaker

from jiesu.settings import Settings
from projections.batch import BatchApplier, retrying
from projections.kafka_io import dead_letterer, producer_for
from projections.scan import scan
from projections.store import bulk_engine, prepare
from projections.wiring import PROJECTIONS
from schemas.codec import default_codec

CHUNK = 20_000
"""Records per replay transaction: a rebuild has no reader waiting for each commit."""


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
    engine = bulk_engine(url)
    applier = BatchApplier(
        sessionmaker(engine, expire_on_commit=False),
        default_codec(settings),
        chosen,
        topic,
        dead_letterer(producer, settings.dead_letter_topic),
        change_feed=False,
        as_of=as_of,
    )
    try:
        with _progress(show_progress) as progress, _fewer_collections():
            task = progress.add_task(f"replaying {topic}", total=None)
            total = partial(_set_total, progress, task)
            for batch in scan(settings, topic, total, CHUNK):
                applier.apply(batch)
                progress.advance(task, len(batch))
    finally:
        producer.close(timeout=5)
        engine.dispose()
    return applier.applied


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while rebuilding: each batch allocates
    many short-lived rows, and frequent full collections scan all of them for nothing."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _set_total(progress: Progress, task: TaskID, total: int) -> None:
    progress.update(task, total=total)


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
