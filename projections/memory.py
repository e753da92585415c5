"""Read models held in dicts: the fold without a database (unit tests, quick checks).

It implements the same :class:`~projections.workspace.Loader` as the SQL store, so the very
same fold runs on both.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from jiesu.domain.events import Event
from projections import stats
from projections.fold import fold
from projections.wiring import PROJECTIONS, tables_of
from projections.workspace import Key, Row, Workspace, primary_key


class MemoryStore:
    """Tables as ``{table: {primary key: row}}``."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[Key, Row]] = {}

    def load(self, table: str, keys: Collection[Key]) -> dict[Key, Row]:
        rows = self.tables.get(table, {})
        return {key: dict(rows[key]) for key in keys if key in rows}

    def max_seq(self, petition_ids: Collection[str]) -> dict[str, int]:
        wanted = set(petition_ids)
        found: dict[str, int] = {}
        for row in self.tables.get("petition_timeline", {}).values():
            if row["petition_id"] in wanted:
                found[row["petition_id"]] = max(found.get(row["petition_id"], 0), row["seq"])
        return found

    def commit(self, ws: Workspace) -> None:
        if "statistics" in ws.projections:
            stats.settle(ws)
        for table in tables_of(ws.projections):
            target = self.tables.setdefault(table, {})
            for row in ws.dirty_rows(table):
                key = tuple(row[name] for name in primary_key(table))
                if table == "daily_stats" and stats.is_empty(row):
                    target.pop(key, None)
                else:
                    target[key] = dict(row)

    def rows(self, table: str) -> list[Row]:
        return [self.tables.get(table, {})[key] for key in sorted(self.tables.get(table, {}))]


def fold_events(
    events: Iterable[Event], store: MemoryStore | None = None, batch: int = 50
) -> MemoryStore:
    """Fold ``events`` (as if all in partition 0, in order) in batches of ``batch``."""
    store = store or MemoryStore()
    ws = Workspace(store, PROJECTIONS)
    for offset, event in enumerate(events):
        fold(ws, event, ("memory", 0, offset))
        if (offset + 1) % batch == 0:
            store.commit(ws)
            ws = Workspace(store, PROJECTIONS)
    store.commit(ws)
    return store
