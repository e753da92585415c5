"""The workspace's SQL side: loading rows in bulk, writing a batch with its positions.

A batch is one transaction: the dirty rows of every projection (bulk upserts), the new
positions and the change-feed outbox commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, select, tuple_
from sqlalchemy.orm import Session

from projections import stats
from projections.bulk import Values, column_values, delete_keys, upsert_values
from projections.declared import APPEND_ONLY
from projections.models_side import Base
from projections.wiring import tables_of
from projections.workspace import Key, Row, Workspace, primary_key

POSITIONS = "projection_positions"
CHUNK = 1000
"""Keys per lookup query (bind parameters stay well below SQLite's and PostgreSQL's limits)."""


class SqlLoader:
    """Rows for a workspace, read in the batch's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def load(self, table: str, keys: Collection[Key]) -> dict[Key, Row]:
        model, names = Base.metadata.tables[table], primary_key(table)
        found: dict[Key, Row] = {}
        ordered = sorted(keys)
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            stmt = select(model).where(_matching(model, names, chunk))
            for row in self.session.execute(stmt).mappings():
                found[tuple(row[n] for n in names)] = dict(row)
        return found

    def max_seq(self, petition_ids: Collection[str]) -> dict[str, int]:
        model = Base.metadata.tables["petition_timeline"]
        ids = sorted(petition_ids)
        found: dict[str, int] = {}
        for start in range(0, len(ids), CHUNK):
            stmt = (
                select(model.c.petition_id, func.max(model.c.seq))
                .where(model.c.petition_id.in_(ids[start : start + CHUNK]))
                .group_by(model.c.petition_id)
            )
            found.update({pid: int(seq) for pid, seq in self.session.execute(stmt)})
        return found


def _matching(model: Table, names: tuple[str, ...], keys: list[Key]) -> Any:
    if len(names) == 1:
        return model.c[names[0]].in_([key[0] for key in keys])
    return tuple_(*(model.c[name] for name in names)).in_(keys)


def write(session: Session, ws: Workspace) -> None:
    """Upsert every dirty row of the workspace's projections (statistics settled first)."""
    upserts, deletions = changed_rows(ws)
    connection = session.connection()
    for table, keys in deletions.items():
        delete_keys(connection, table, keys)
    for table, rows in upserts.items():
        upsert_values(connection, table, rows)


Changes = tuple[dict[str, list[Values]], dict[str, list[Values]]]


def changed_rows(ws: Workspace) -> Changes:
    """The rows to upsert (column values) and the keys to delete, per table: every dirty
    row, statistics settled first (a row no petition counts in any more is deleted)."""
    if "statistics" in ws.projections:
        stats.settle(ws)
    upserts: dict[str, list[Values]] = {}
    deletions: dict[str, list[Values]] = {}
    for table in tables_of(ws.projections):
        rows = ws.dirty_rows(table)
        if table == "daily_stats":
            key = _key_values(table)
            deletions[table] = [key(r) for r in rows if stats.is_empty(r)]
            rows = [r for r in rows if not stats.is_empty(r)]
        values = column_values(table)
        upserts[table] = [values(row) for row in rows]
    return _nonempty(upserts), _nonempty(deletions)


def appended_rows(ws: Workspace) -> dict[str, list[Values]]:
    """The dirty rows of the append-only tables, now marked written: a replay writes them
    while it waits for its reader, so the commit has less left to write."""
    tables = [t for t in APPEND_ONLY if t in tables_of(ws.projections)]
    upserts = {t: [column_values(t)(row) for row in ws.dirty_rows(t)] for t in tables}
    ws.mark_written(tables)
    return _nonempty(upserts)


def write_appended(session: Session, ws: Workspace) -> None:
    """Write :func:`appended_rows` in the open transaction."""
    for table, rows in appended_rows(ws).items():
        upsert_values(session.connection(), table, rows)


def _nonempty(per_table: dict[str, list[Values]]) -> dict[str, list[Values]]:
    return {table: rows for table, rows in per_table.items() if rows}


def _key_values(table: str) -> Callable[[Row], Values]:
    names = primary_key(table)
    return lambda row: tuple(row[name] for name in names)


def load_positions(session: Session, projections: Collection[str], topic: str) -> dict[int, int]:
    """The next offset per partition; all projections must stand at the same place."""
    model = Base.metadata.tables[POSITIONS]
    stmt = select(model).where(model.c.topic == topic, model.c.projection.in_(projections))
    per: dict[str, dict[int, int]] = {name: {} for name in projections}
    for row in session.execute(stmt).mappings():
        per[row["projection"]][row["partition"]] = row["next_offset"]
    distinct = {tuple(sorted(p.items())) for p in per.values()}
    if len(distinct) > 1:
        raise PositionsDiverged(
            f"projections {sorted(projections)} stand at different offsets of {topic}: "
            "rebuild them together with `jiesu replay`"
        )
    return dict(distinct.pop()) if distinct else {}


class PositionsDiverged(RuntimeError):
    """Projections of one database stand at different places: they must be rebuilt."""


def save_positions(session: Session, ws: Workspace, topic: str, positions: dict[int, int]) -> None:
    rows = position_rows(ws, topic, positions)
    if rows:
        upsert_values(session.connection(), POSITIONS, rows)


def position_rows(ws: Workspace, topic: str, positions: dict[int, int]) -> list[Values]:
    """The ``projection_positions`` rows (column values) of every projection of ``ws``."""
    values = column_values(POSITIONS)
    return [
        values(
            {
                "projection": name,
                "topic": topic,
                "partition": partition,
                "next_offset": offset,
                "now": ws.now.get(partition),
            }
        )
        for name in sorted(ws.projections)
        for partition, offset in sorted(positions.items())
    ]


def latest_now(session: Session) -> datetime | None:
    """The projection's "now": the largest event time it has folded (for overdue checks)."""
    model = Base.metadata.tables[POSITIONS]
    return session.execute(select(func.max(model.c.now))).scalar()
