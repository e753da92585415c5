"""A rebuild's carried rows answer like the database would, however little memory they keep."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Collection

import pytest

from jiesu.domain.events import Event, PetitionClosed
from projections.carried import CarriedRows
from projections.declared import APPEND_ONLY
from projections.fold import fold
from projections.memory import MemoryStore, fold_events
from projections.prefetch import prefetch
from projections.records import Decoded, Piece
from projections.seen import SeenIds, mark_seen
from projections.wiring import PROJECTIONS, tables_of
from projections.workspace import Key, Row, Workspace, primary_key
from tests.unit.test_projection_support import city_events

EVENTS, _ = city_events(120, seed=13)


class CountingStore(MemoryStore):
    """A store that notes which tables were read back, and how many keys."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: Counter[str] = Counter()

    def load(self, table: str, keys: Collection[Key]) -> dict[Key, Row]:
        self.asked[table] += len(keys)
        return super().load(table, keys)


def early_write(store: MemoryStore, ws: Workspace) -> None:
    """What :func:`projections.sql.write_appended` does, into the store."""
    for table in APPEND_ONLY:
        target = store.tables.setdefault(table, {})
        for row in ws.dirty_rows(table):
            target[tuple(row[name] for name in primary_key(table))] = dict(row)
    ws.mark_written(APPEND_ONLY)


def rebuild(
    events: list[Event], limit: int, batch: int, early: int = 0, carried: CarriedRows | None = None
) -> CountingStore:
    """Fold ``events`` as a replay does: the store is written, never read back, except for
    what the carried rows forgot and the ids its reader may have seen before. With
    ``early``, every batch also writes its first ``early`` events' rows before it ends."""
    store = CountingStore()
    carried = carried or CarriedRows(tables_of(set(PROJECTIONS)), limit=limit)
    ids = SeenIds(len(events))
    for start in range(0, len(events), batch):
        chunk = events[start : start + batch]
        wheres = [("memory", 0, start + i) for i in range(len(chunk))]
        items: list[Decoded] = [(e, w, None) for e, w in zip(chunk, wheres, strict=True)]
        seen = mark_seen(Piece(items, {}, len(chunk)), ids).seen
        assert seen is not None
        ws = Workspace(carried.over(store), PROJECTIONS)
        prefetch(ws, chunk, seen)
        for n, (event, where) in enumerate(zip(chunk, wheres, strict=True), 1):
            fold(ws, event, where, unseen=event.event_id not in seen)
            if n == early:
                early_write(store, ws)
        store.commit(ws)
        carried.keep(ws)
    return store


@pytest.mark.parametrize("limit", [10**6, 25, 1])
def test_a_rebuild_with_carried_rows_equals_one_reading_every_row_back(limit: int) -> None:
    expected = fold_events(EVENTS, batch=37)
    got = rebuild(EVENTS, limit=limit, batch=37)
    for table in expected.tables:
        assert got.rows(table) == expected.rows(table), table


def test_writing_part_of_a_batch_before_its_end_changes_nothing() -> None:
    expected = fold_events(EVENTS, batch=37)
    got = rebuild(EVENTS, limit=25, batch=37, early=11)
    for table in expected.tables:
        assert got.rows(table) == expected.rows(table), table


def test_while_the_rows_fit_only_duplicates_and_closed_petitions_are_looked_up() -> None:
    store = rebuild(EVENTS, limit=10**6, batch=37)
    assert set(store.asked) <= {"petition_timeline", "petitions"}
    assert store.asked["petition_timeline"] < len(EVENTS) // 10
    closed: set[str] = set()
    after_closing = 0
    for event in EVENTS:
        after_closing += event.petition_id in closed
        if isinstance(event, PetitionClosed):
            closed.add(event.petition_id)
    assert store.asked["petitions"] <= after_closing


def test_closed_petitions_are_not_carried_once_committed() -> None:
    carried = CarriedRows(tables_of(set(PROJECTIONS)), limit=10**6)
    store = rebuild(EVENTS, limit=10**6, batch=37, carried=carried)
    rows = store.rows("petitions")
    closed = {r["petition_id"] for r in rows if r["status"] == "CLOSED"}
    assert closed, "the story closes petitions"
    held = {key[0] for key in carried.rows["petitions"]}
    assert not held & closed
    assert held == {r["petition_id"] for r in rows} - closed


def test_a_duplicate_event_in_a_later_batch_is_still_recognised() -> None:
    first, *rest = EVENTS[:30]
    got = rebuild([first, *rest, first], limit=1, batch=5)
    ids = [row["event_id"] for row in got.rows("petition_timeline")]
    assert ids.count(first.event_id) == 1


def test_the_id_filter_never_forgets_an_id_and_rarely_imagines_one() -> None:
    rng = random.Random(1)
    ids = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(20_000)]
    seen = SeenIds(capacity=10_000)
    assert not any([seen.add(text) for text in ids[:10_000]][:100])
    assert all(text in seen for text in ids[:10_000])
    imagined = sum(text in seen for text in ids[10_000:])
    assert imagined < 300  # about 1 % when full
