"""A replay's processes hand each other plain rows marshalled, decoded pieces in MessagePack
and anything else pickled; all arrive as they were sent."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiesu.domain.events import EVENT_TYPES, Event, Status
from projections import forked, wire
from projections.outbox import Outbox
from projections.records import Decoded, Piece, Tick
from tests.factories import one_of_each
from tests.hypothesis_budget import examples
from tests.unit.event_strategies import dataclass_strategy

ANY_EVENT = st.one_of(*(dataclass_strategy(t) for t in EVENT_TYPES))


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


def test_a_decoded_piece_of_every_event_type_crosses_a_pipe_unchanged() -> None:
    """Events with their nested records, times, enums and tuples; ticks; payloads worked
    out or not; the ids seen before, when known."""
    events = one_of_each()
    items: list[Decoded] = [
        (event, ("petition-events", i % 3, 100 + i), None if i % 2 else f'{{"n": {i}}}')
        for i, event in enumerate(events)
    ]
    items.insert(4, (Tick(datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)), ("t", 0, 7), None))
    seen = frozenset({events[0].event_id, events[3].event_id})
    receiving, sending = forked.pipe()
    for piece in (Piece(items, {0: 130, 1: 131, 2: 132}, 40, seen), Piece([], {5: 1}, 1)):
        forked.send(sending, "piece", piece)
        kind, got = forked.receive(receiving, "reader")
        assert (kind, got) == ("piece", piece)
        for (event, _, _), (sent, _, _) in zip(got.items, piece.items, strict=True):
            assert type(event) is type(sent)
            assert vars(event) == vars(sent)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(ANY_EVENT, max_size=5))
def test_any_events_of_any_type_cross_the_wire_unchanged(events: list[Event]) -> None:
    """Whatever text, numbers, times and nested records an event holds."""
    items: list[Decoded] = [(e, ("petition-events", 0, i), None) for i, e in enumerate(events)]
    got = wire.loads(wire.dumps(Piece(items, {0: len(events)}, len(events))))
    assert [(type(e), vars(e)) for e, _, _ in got.items] == [(type(e), vars(e)) for e in events]


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


def test_an_outbox_lets_its_sender_run_ahead_of_a_busy_receiver_and_keeps_the_order() -> None:
    """While the fold is busy ending a batch, the reader queues its pieces and decodes on;
    the receiver then gets every message in the order sent, the error report last."""
    receiving, sending = forked.pipe()
    outbox = Outbox(sending, depth=8)
    pieces = [("piece", [f"{n:03}-{i:06}事件" * 20 for i in range(2_000)]) for n in range(6)]
    for piece in pieces:  # 3 MB: far more than the pipe holds, and nobody reads yet
        outbox.send(*piece)
    outbox.report(ValueError("the broker went away"))
    assert [forked.receive(receiving, "reader") for _ in pieces] == pieces
    with pytest.raises(ValueError, match="went away"):
        forked.receive(receiving, "reader")
    outbox.close()


def test_an_outbox_whose_receiver_is_gone_fails_instead_of_waiting_forever() -> None:
    receiving, sending = forked.pipe()
    outbox = Outbox(sending, depth=2)
    receiving.close()
    with pytest.raises((OSError, forked.ChildGone)):
        _send_pieces(outbox, 10)
    outbox.close()


def _send_pieces(outbox: Outbox, count: int) -> None:
    for _ in range(count):
        outbox.send("piece", ["事件" * 1000] * 100)
