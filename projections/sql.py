"""The workspace's SQL side: loading rows in bulk, writing a batch with its positions.

A batch is one transaction: the dirty rows of every projection (bulk upserts), the new
positions and the change-feed outbox commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, func, select, tuple_
from sqlalchemy.orm import Session

from projections import stats
from projections.bulk import upsert
from projections.models_side import Base
from projections.wiring import tables_of
from projections.workspace import Key, Row, Workspace, primary_key

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


def _match(model: Table, names: tuple[str, ...], key: Key) -> Any:
    return and_(*(model.c[name] == value for name, value in zip(names, key, strict=True)))


def write(session: Session, ws: Workspace) -> None:
    """Upsert every dirty row of the workspace's projections (statistics settled first)."""
    if "statistics" in ws.projections:
        stats.settle(ws)
    for table in tables_of(ws.projections):
        rows = ws.dirty_rows(table)
        if table == "daily_stats":
            _delete(session, table, [r for r in rows if stats.is_empty(r)])
            rows = [r for r in rows if not stats.is_empty(r)]
        if rows:
            upsert(session, Base.metadata.tables[table], rows)


def _delete(session: Session, table: str, rows: list[Row]) -> None:
    model, names = Base.metadata.tables[table], primary_key(table)
    for row in rows:
        session.execute(model.delete().where(_match(model, names, tuple(row[n] for n in names))))


def load_positions(session: Session, projections: Collection[str], topic: str) -> dict[int, int]:
    """The next offset per partition; all projections must stand at the same place."""
    model = Base.metadata.tables["projection_positions"]
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
    rows = [
        {
            "projection": name,
            "topic": topic,
            "partition": partition,
            "next_offset": offset,
            "now": ws.now.get(partition),
        }
        for name in sorted(ws.projections)
        for partition, offset in sorted(positions.items())
    ]
    if rows:
        upsert(session, Base.metadata.tables["projection_positions"], rows)


def latest_now(session: Session) -> datetime | None:
    """The projection's "now": the largest event time it has folded (for overdue checks)."""
    model = Base.metadata.tables["projection_positions"]
    return session.execute(select(func.max(model.c.now))).scalar()
