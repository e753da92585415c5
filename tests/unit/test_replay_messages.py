"""A replay's processes hand each other plain rows marshalled and anything else pickled;
both arrive as they were sent."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from jiesu.domain.events import Status
from projections import forked


def test_plain_rows_and_richer_values_cross_a_pipe_unchanged() -> None:
    receiving, sending = forked.pipe()
    rows: tuple[dict[str, list[tuple[object, ...]]], dict[str, object]]
    rows = ({"petition_timeline": [("id", 1, 2.5, None, True, "时间")]}, {})
    richer: tuple[dict[str, list[tuple[object, ...]]], dict[str, object]]
    richer = ({"petitions": [(datetime(2026, 1, 2, tzinfo=UTC), Status.CLOSED)]}, {})
    forked.send(sending, "rows", rows)
    forked.send(sending, "rows", richer)
    assert forked.receive(receiving, "writer") == ("rows", rows)
    assert forked.receive(receiving, "writer") == ("rows", richer)


def test_a_child_s_error_is_raised_where_the_parent_reads() -> None:
    receiving, sending = forked.pipe()
    forked.report(sending, ValueError("the database refused it"))
    with pytest.raises(ValueError, match="refused"):
        forked.receive(receiving, "writer")


@pytest.mark.skipif(not forked.PIPE_MAX.exists(), reason="pipes are deepened on Linux only")
def test_a_sender_runs_several_pieces_ahead_of_its_reader() -> None:
    """The pipe holds what a sender writes before the reader takes any (the default 64 KiB
    would block this send until a reader came)."""
    receiving, sending = forked.pipe()
    piece = ("piece", [f"{i:06}事件" * 20 for i in range(2_000)])  # about 500 KB marshalled
    sent = threading.Thread(target=forked.send, args=(sending, *piece), daemon=True)
    sent.start()
    sent.join(timeout=10)
    assert not sent.is_alive()
    assert forked.receive(receiving, "reader") == piece
