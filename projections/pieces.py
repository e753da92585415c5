"""How a replay cuts the log: into pieces for the fold, and pieces into batches.

Small pieces first, so the fold starts while the rest is still being decoded; full-size
pieces in the middle, where a piece's own costs (a message, a round of lookups) should be
few; and small pieces again at the end of the log, once its length is known, so the fold
finishes soon after the last record is read. A batch (one transaction of the writer) takes
pieces as they come until it holds enough records; batches too shrink near the log's end,
since the last one is sent and written while nothing else is left to do.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import TypeVar

from projections.records import Piece

T = TypeVar("T")

FIRST = 100
"""Records of the first piece; each next one is twice as large, up to the full size."""
LAST_BATCH = 1000
"""Records the batches shrink to at the end of a log of known length."""


class Sizes:
    """The piece sizes of one log."""

    def __init__(self, size: int, first: int = FIRST) -> None:
        self.size, self.first, self.step = size, first, first
        self.cut_so_far = 0
        self.left: int | None = None

    def expect(self, records: int) -> None:
        """The log holds ``records`` records in all."""
        self.left = records - self.cut_so_far

    def cut(self, records: list[T]) -> Iterator[list[T]]:
        """``records`` (the next ones of the log) in pieces."""
        start = 0
        while start < len(records):
            part = records[start : start + self._next()]
            self.cut_so_far += len(part)
            if self.left is not None:
                self.left -= len(part)
            yield part
            start += len(part)

    def _next(self) -> int:
        step = min(self.step, self.size)
        self.step *= 2
        return near_end(step, self.left, self.first // 2)


class BatchSizes:
    """The batch sizes of one log: ``size`` records, halving towards the end once the log's
    length is known (the fold learns it soon after it starts), down to ``last``."""

    def __init__(self, size: int, last: int = LAST_BATCH) -> None:
        self.size, self.last = size, last
        self.taken = 0
        self.total: int | None = None

    def expect(self, records: int) -> None:
        """The log holds ``records`` records in all."""
        self.total = records

    def next(self) -> int:
        left = None if self.total is None else self.total - self.taken
        return near_end(self.size, left, self.last)

    def take(self, piece: Piece) -> Piece:
        self.taken += piece.records
        return piece


def near_end(size: int, left: int | None, smallest: int) -> int:
    """``size``, or half of what is ``left`` of a log when that is less, down to
    ``smallest``: how pieces and batches shrink as the log's end comes near."""
    if left is None:
        return size
    return max(smallest, min(size, left // 2))


def batches(read: Iterator[Piece], sizes: BatchSizes) -> Iterator[Iterator[Piece]]:
    """The pieces in batches (the writer's transactions) of about ``sizes.next()`` records,
    each taken lazily from ``read`` (so a batch folds its first piece before its last one
    is read)."""
    for first in read:
        sizes.take(first)
        yield chain([first], _up_to(read, sizes.next() - first.records, sizes))


def _up_to(read: Iterator[Piece], size: int, sizes: BatchSizes) -> Iterator[Piece]:
    while size > 0:
        piece = next(read, None)
        if piece is None:
            return
        size -= piece.records
        yield sizes.take(piece)
