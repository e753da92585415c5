"""A replay's writing, in a process of its own while the fold goes on.

Writing is most of what is left of the fold's time once reading moved out (SQLite and
psycopg do the work in C, but binding every value of every row is Python), so a third
process does it: the fold sends each batch's changed rows as plain tuples and moves on.
Each batch is still one transaction with its positions. The fold only reads back what it
no longer holds, and only what is committed (it waits for nothing else: see
:mod:`projections.rebuild`). An outage is waited out and the open transaction redone from
its rows; any other error is raised in the fold at its next send.

Where ``fork`` is unavailable, :class:`InlineWriter` does the same in this process.
"""

from __future__ import annotations

from multiprocessing.connection import Connection
from typing import Any

from projections import forked
from projections.bulk import Values
from projections.sql import Changes
from projections.writing import Writing


class InlineWriter:
    """The writer's interface, writing in this process as it is called."""

    def __init__(self, url: str, projections: set[str]) -> None:
        self.writing = Writing(url, projections)
        self.committed = 0

    def ready(self) -> None:
        """The schema exists (here: since construction)."""

    def rows(self, changes: Changes) -> None:
        self.writing.rows(changes)

    def commit(self, batch: int, positions: list[Values]) -> None:
        self.writing.commit(positions)
        self.committed = batch

    def acked(self) -> int:
        """The last batch known committed."""
        return self.committed

    def build_indexes(self) -> None:
        self.writing.build_indexes()

    def finish(self) -> None:
        self.writing.finish()

    def close(self) -> None:
        """Nothing runs apart."""


class ForkedWriter:
    """The writer in its own process, started at once (before this one has threads or
    database connections, which a forked child must not inherit)."""

    def __init__(self, url: str, projections: set[str]) -> None:
        self.answers, answering = forked.pipe()
        ordering, self.orders = forked.pipe()
        self.process = forked.fork("replay-writer", _serve, ordering, answering, url, projections)
        ordering.close()
        answering.close()
        self.committed = 0
        self.started = False

    def ready(self) -> None:
        """Wait until the schema exists (the fold's first read needs it)."""
        while not self.started:
            self._answer()

    def rows(self, changes: Changes) -> None:
        self._send("rows", changes)

    def commit(self, batch: int, positions: list[Values]) -> None:
        self._send("commit", (batch, positions))

    def acked(self) -> int:
        """The last batch known committed (answers read without waiting)."""
        while self.answers.poll():
            self._answer()
        return self.committed

    def build_indexes(self) -> None:
        """Have the indexes built now, before the rows (for a short log)."""
        self._send("indexes")

    def finish(self) -> None:
        """Wait for every commit and the deferred indexes."""
        self._send("finish")
        answer = ""
        while answer != "finished":  # each read blocks; "committed" answers come first
            answer = self._answer()

    def close(self) -> None:
        self.orders.close()
        self.answers.close()
        self.process.terminate()  # a no-op once finished; else the replay is abandoned
        self.process.join()

    def _send(self, kind: str, value: Any = None) -> None:
        self.acked()
        try:
            forked.send(self.orders, kind, value)
        except (BrokenPipeError, ConnectionResetError):
            while True:
                self._answer()  # raises the writer's own error, or that it is gone

    def _answer(self) -> str:
        kind, value = forked.receive(self.answers, "writer")
        if kind == "committed":
            self.committed = value
        elif kind == "ready":
            self.started = True
        return kind


def _serve(orders: Connection, answers: Connection, url: str, projections: set[str]) -> None:
    try:
        writing = Writing(url, projections)
        forked.send(answers, "ready")
        while True:
            kind, value = forked.receive(orders, "fold")
            if kind == "rows":
                writing.rows(value)
            elif kind == "commit":
                writing.commit(value[1])
                forked.send(answers, "committed", value[0])
            elif kind == "indexes":
                writing.build_indexes()
            else:
                writing.finish()
                forked.send(answers, "finished")
                return
    except forked.ChildGone:
        return  # the fold is gone: so is the replay
    except Exception as exc:
        forked.report(answers, exc)
