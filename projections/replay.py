"""`jiesu replay`: rebuild read models from offset 0 into a database, then exit.

The target is created when missing (a PostgreSQL database included); the chosen
projections' tables are dropped and rebuilt, with ``petitions`` always among them since
every projection folds through the lifecycle state it keeps. Reading stops at each
partition's fetch high watermark (ListOffsets is wrong on some brokers). Replays publish
nothing to the change feed: readers switch to the rebuilt database as a whole (blue/green,
see :mod:`projections.store`), so the rebuild may take liberties a live database could not
(:mod:`projections.target`). The result is the same, row for row, as the live projector's.
"""

from __future__ import annotations

import gc
import multiprocessing
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
from projections.carried import CarriedRows
from projections.pieces import BatchSizes, batches
from projections.reader import Reader
from projections.rebuild import RebuildApplier, Writer
from projections.records import Piece
from projections.target import read_engine
from projections.wiring import PROJECTIONS, tables_of
from projections.writer import ForkedWriter, InlineWriter

CHUNK = 20_000
"""Records per replay transaction: a rebuild has no reader waiting for each commit."""
SHORT_LOG = 50_000
"""Records below which the indexes are built first (see :mod:`projections.target`)."""
PIECE = 500
"""Records per piece the reader hands over: small, so folding starts early and follows the
reading closely (a transaction takes pieces until it holds :data:`CHUNK` records)."""


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
    fork: bool = True,
) -> int:
    """Rebuild ``names`` (default: all) at ``url`` from the whole log; return events applied.

    With ``fork`` (where it exists) three processes share the work (see
    :mod:`projections.reader` and :mod:`projections.writer`), both helpers started first,
    before this process has threads or connections of its own; else this one does it all."""
    chosen = selected(names)
    forking = fork and "fork" in multiprocessing.get_all_start_methods()
    reader = Reader(settings, settings.petition_events_topic, PIECE, forking)
    writer: ForkedWriter | InlineWriter | None = None
    try:
        writer = ForkedWriter(url, chosen) if forking else InlineWriter(url, chosen)
        reads = read_engine(url)
        try:
            applier = RebuildApplier(
                sessionmaker(reads),
                chosen,
                settings.petition_events_topic,
                writer,
                CarriedRows(tables_of(chosen)),
                reads.dialect,
                as_of=as_of,
                idle=reader.idle,
            )
            _fold_log(reader, applier, show_progress)
            writer.finish()
        finally:
            reads.dispose()
    finally:
        reader.close()
        if writer is not None:
            writer.close()
    return applier.applied


def _fold_log(reader: Reader, applier: RebuildApplier, show: bool) -> None:
    with _progress(show) as progress, _fewer_collections():
        task = progress.add_task(f"replaying {applier.topic}", total=None)
        sizes = BatchSizes(CHUNK)
        read = reader.pieces(partial(_set_total, progress, task, applier.writer, sizes))
        for batch in batches(_counted(read, progress, task), sizes):
            applier.apply_pieces(batch)


def _counted(read: Iterator[Piece], progress: Progress, task: TaskID) -> Iterator[Piece]:
    for piece in read:
        yield piece
        progress.advance(task, piece.records)


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


def _set_total(
    progress: Progress, task: TaskID, writer: Writer, sizes: BatchSizes, total: int
) -> None:
    progress.update(task, total=total)
    sizes.expect(total)
    if total < SHORT_LOG:
        writer.build_indexes()  # see projections.target


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
