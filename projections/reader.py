"""A replay's reading and decoding, in a process of its own while the fold goes on.

Reading, decoding and folding are all CPU-bound Python, so threads would take turns on
one core (and a thread waiting for the GIL after each SQLite row makes ``executemany``
crawl); a forked process runs on another core. The reader sends decoded
:class:`~projections.records.Piece`s through a pipe (1 MiB, a few pieces) from a thread of
its own (:mod:`projections.outbox`, a bounded queue): it decodes on while the fold ends a
batch, and a reader that runs far ahead blocks, so memory stays at a few dozen pieces. It
dead-letters poison records itself, before sending the piece past them.

The reader and the fold share one piece of work to stay balanced: the timeline payloads.
When the fold is the slower one (more than one piece waits for it) the reader works them
out for the piece in hand, for as long as the fold is busy (a shared flag says when it
waits); else the reader sends at once and the fold makes them. So the faster one takes
work from the slower, on a quiet machine or a loaded one, and the queue stays short: at
the log's end the fold has little left to do alone.

Without ``fork`` the same pieces are read in the folding process instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from multiprocessing import RawValue
from multiprocessing.connection import Connection
from typing import Protocol

from jiesu.erasure.opening import opening_codec
from jiesu.settings import Settings
from projections import forked
from projections.kafka_io import LazyDeadLetterer
from projections.outbox import Outbox
from projections.pieces import Sizes
from projections.records import Piece, piece_of, with_payload
from projections.scan import scan
from projections.seen import SeenIds, mark_seen

Total = Callable[[int], None]
SLICE = 50
"""Payloads the reader works out between two looks at the fold's flag."""
AHEAD = 1
"""Pieces queued for the fold beyond this: it is the slower one, and the reader helps."""
EXPECTED = 1 << 20
"""Records the id filter is sized for should the log's length not be known in time."""


class Flag(Protocol):
    """A byte shared by the two processes (``multiprocessing.RawValue("b")``)."""

    value: int


class Reader:
    """The reading half of a replay; with ``fork``, started at once in its own process."""

    def __init__(self, settings: Settings, topic: str, size: int, fork: bool = True) -> None:
        self.settings, self.topic, self.size = settings, topic, size
        self.fork = fork
        if fork:
            self.fold_waits: Flag = RawValue("b", 0)
            self.receiving, sending = forked.pipe()
            args = (sending, self.fold_waits, settings, topic, size)
            self.process = forked.fork("replay-reader", _serve, *args)
            sending.close()

    def pieces(self, on_total: Total) -> Iterator[Piece]:
        """Every record of the topic up to its high watermarks, decoded, in pieces of about
        ``size`` records; ``on_total`` hears the number of records once it is known."""
        if not self.fork:
            return _read(self.settings, self.topic, self.size, on_total)
        return _received(self.receiving, self.fold_waits, on_total)

    def idle(self) -> bool:
        """True when no piece is ready to be taken (the fold has time on its hands)."""
        return self.fork and not self.receiving.poll()

    def close(self) -> None:
        """Stop the reader (a no-op once it finished; else the replay is being abandoned)."""
        if self.fork:
            self.receiving.close()
            self.process.terminate()
            self.process.join()


def _read(settings: Settings, topic: str, size: int, on_total: Total) -> Iterator[Piece]:
    codec = opening_codec(settings)
    dead_letter = LazyDeadLetterer(settings)
    ids: list[SeenIds] = []
    sizes = Sizes(size)

    def total(records: int) -> None:  # told before the first records are
        ids.append(SeenIds(records))
        sizes.expect(records)
        on_total(records)

    try:
        for records in scan(settings, topic, total, size, first=sizes.first):
            if not ids:
                ids.append(SeenIds(EXPECTED))
            for part in sizes.cut(records):
                yield mark_seen(piece_of(part, codec, dead_letter), ids[0])
    finally:
        dead_letter.close()


def _received(receiving: Connection, fold_waits: Flag, on_total: Total) -> Iterator[Piece]:
    while True:
        fold_waits.value = 1
        try:
            kind, value = forked.receive(receiving, "reader")
        finally:
            fold_waits.value = 0
        if kind == "piece":
            yield value
        elif kind == "total":
            on_total(value)
        else:
            return


def _serve(
    sending: Connection, fold_waits: Flag, settings: Settings, topic: str, size: int
) -> None:
    outbox = Outbox(sending)
    behind = False  # is the fold the slower one (more than AHEAD pieces wait for it)?
    try:
        for piece in _read(settings, topic, size, lambda records: outbox.send("total", records)):
            outbox.send("piece", _helped(piece, fold_waits) if behind else piece)
            behind = outbox.backlog() > AHEAD
        outbox.send("done")
    except Exception as exc:
        outbox.report(exc)
    finally:
        outbox.close()


def _helped(piece: Piece, fold_waits: Flag) -> Piece:
    """``piece`` with the payloads worked out that the fold, busy meanwhile, would make."""
    items = piece.items
    for start in range(0, len(items), SLICE):
        if fold_waits.value:
            break
        items[start : start + SLICE] = [with_payload(item) for item in items[start : start + SLICE]]
    return piece
