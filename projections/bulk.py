"""Bulk upserts: the rows of a table in one ``executemany``, valued as SQLAlchemy would.

The statement is compiled once per table and dialect and each value converted by its column
type's own bind processor, without SQLAlchemy's per-row bookkeeping (most of a replay's write
cost); each chunk is one ``executemany`` (psycopg pipelines it on PostgreSQL).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Dialect, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from projections.models_side import Base
from projections.workspace import Row

BULK = 5000
"""Rows per ``executemany``."""

Steps = list[tuple[str, Any]]


def upsert(session: Session, table: Table, rows: list[Row]) -> None:
    """Insert or replace ``rows`` by primary key."""
    connection = session.connection()
    text, steps = _statement(connection.dialect, table.name)
    for start in range(0, len(rows), BULK):
        values = [
            [row[n] if step is None else step(row[n]) for n, step in steps]
            for row in rows[start : start + BULK]
        ]
        if connection.dialect.positional:
            connection.exec_driver_sql(text, [tuple(v) for v in values])
        else:
            names = [n for n, _ in steps]
            connection.exec_driver_sql(text, [dict(zip(names, v, strict=True)) for v in values])


@cache
def _statement(dialect: Dialect, table_name: str) -> tuple[str, Steps]:
    """The one-row upsert of ``table_name`` and each column's processor, in the order of
    the statement's parameters."""
    table = Base.metadata.tables[table_name]
    keys = [c.name for c in table.primary_key.columns]
    stmt = (postgresql if dialect.name == "postgresql" else sqlite).insert(table)
    others = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_=others)
    names = [c.name for c in table.columns]
    compiled = stmt.compile(dialect=dialect, column_keys=names)
    names = list(compiled.positiontup or names)
    return str(compiled), _steps(table, names, dialect)


def _steps(table: Table, names: list[str], dialect: Dialect) -> Steps:
    columns = {c.name: c for c in table.columns}
    return [(n, columns[n].type.dialect_impl(dialect).bind_processor(dialect)) for n in names]
