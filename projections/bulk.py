"""Bulk writes: the rows of a table in one ``executemany``, valued as SQLAlchemy would.

The statement is compiled once per table and dialect, with positional parameters in the
table's column order, so a row's values are one ``itemgetter`` call (C) instead of a dict
per row. Only the columns whose type has a bind processor are converted, and only values
the driver would not already store the same way: booleans and floats pass as they are (the
processors would return them unchanged, or as the int SQLite stores anyway), and SQLite
datetimes take a faster spelling of the processor's own format. This bookkeeping was most
of a replay's write cost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Connection, Dialect, Float, Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.sqlite.base import DATETIME as SQLITE_DATETIME
from sqlalchemy.orm import Session

from projections.models_side import Base
from projections.workspace import Row

BULK = 5000
"""Rows per ``executemany``."""

Values = tuple[Any, ...]
Convert = Callable[[Any], Any]
_SQLITE_MOMENT = (
    "%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d"
)
"""SQLAlchemy's default SQLite storage format; only it has the fast spelling below."""
_SQLITE_LENGTH = len("2026-01-01 00:00:00.000000")


@dataclass(frozen=True)
class Plan:
    """A table's upsert for one dialect: the SQL, whose parameters are the table's columns
    in order, and which of them need converting (index, the type kept as is, how)."""

    text: str
    conversions: tuple[tuple[int, type, Convert], ...]

    def converted(self, values: Values) -> Values:
        """A row's column values as the driver takes them."""
        if not self.conversions:
            return values
        converted = list(values)
        for index, as_is, convert in self.conversions:
            value = converted[index]
            if value is not None and type(value) is not as_is:
                converted[index] = convert(value)
        return tuple(converted)


def upsert(session: Session, table: Table, rows: list[Row]) -> None:
    """Insert or replace ``rows`` by primary key."""
    values = column_values(table.name)
    upsert_values(session.connection(), table.name, [values(row) for row in rows])


def upsert_values(
    connection: Connection, table_name: str, rows: list[Values], converted: bool = False
) -> None:
    """Insert or replace rows given as their column values (see :func:`column_values`),
    or as the driver takes them already (``converted``, see :func:`driver_values`)."""
    plan = plan_for(connection.dialect, table_name)
    for start in range(0, len(rows), BULK):
        chunk = rows[start : start + BULK]
        if not converted:
            chunk = [plan.converted(values) for values in chunk]
        connection.exec_driver_sql(plan.text, chunk)


def driver_values(dialect: Dialect, table_name: str, rows: list[Values]) -> list[Values]:
    """Rows' column values as the driver takes them: a replay's fold converts them before
    handing them to its writer, since text pickles several times faster than a datetime."""
    plan = plan_for(dialect, table_name)
    if not plan.conversions:
        return rows
    return [plan.converted(values) for values in rows]


def delete_keys(connection: Connection, table_name: str, keys: list[Values]) -> None:
    """Delete the rows of these primary keys."""
    if keys:
        connection.exec_driver_sql(_deletion(connection.dialect, table_name), keys)


@cache
def column_values(table_name: str) -> Callable[[Row], Values]:
    """A row's values in the table's column order, as one tuple."""
    return itemgetter(*(c.name for c in Base.metadata.tables[table_name].columns))


@cache
def plan_for(dialect: Dialect, table_name: str) -> Plan:
    """Compiled once per dialect and table (a replay writes each table every batch)."""
    table = Base.metadata.tables[table_name]
    keys = [c.name for c in table.primary_key.columns]
    stmt = (postgresql if dialect.name == "postgresql" else sqlite).insert(table)
    others = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_=others)
    names = [c.name for c in table.columns]
    compiled = stmt.compile(dialect=_positional(dialect), column_keys=names)
    _in_order(compiled.positiontup, names, table_name)
    return Plan(str(compiled), _conversions(table, names, dialect))


@cache
def _deletion(dialect: Dialect, table_name: str) -> str:
    keys = list(Base.metadata.tables[table_name].primary_key.columns)
    stmt = keys[0].table.delete().where(*(c == bindparam(c.name) for c in keys))
    compiled = stmt.compile(dialect=_positional(dialect))
    _in_order(compiled.positiontup, [c.name for c in keys], table_name)
    return str(compiled)


def _in_order(parameters: list[str] | None, names: list[str], table_name: str) -> None:
    if list(parameters or names) != names:
        raise AssertionError(f"a statement on {table_name} takes its values out of order")


def _positional(dialect: Dialect) -> Dialect:
    """The dialect with positional parameters (psycopg takes ``%s`` as well as named ones)."""
    if dialect.positional:
        return dialect
    return type(dialect)(paramstyle="format")  # type: ignore[call-arg]


def _conversions(
    table: Table, names: list[str], dialect: Dialect
) -> tuple[tuple[int, type, Convert], ...]:
    found = []
    for index, name in enumerate(names):
        impl = table.columns[name].type.dialect_impl(dialect)
        processor = impl.bind_processor(dialect)
        if processor is not None:
            found.append((index, *_fast(impl, processor)))
    return tuple(found)


def _fast(impl: Any, processor: Convert) -> tuple[type, Convert]:
    """The Python type a column's values may keep, and the converter for the others."""
    if isinstance(impl, Boolean):
        return bool, processor
    if isinstance(impl, Float):
        return float, processor
    if isinstance(impl, SQLITE_DATETIME) and impl._storage_format == _SQLITE_MOMENT:
        return type(None), _sqlite_moment(processor)
    return type(None), processor


def _sqlite_moment(processor: Convert) -> Convert:
    """SQLAlchemy's SQLite datetime text (wall clock, microseconds, no zone): the ISO text
    with a space, cut before any zone (the same fields, zero-padded alike, in one C call
    instead of a dict of them); anything but a datetime goes to the processor."""

    def convert(value: Any) -> Any:
        if type(value) is not datetime:
            return processor(value)
        last, text = _last_moment
        if value == last and value.tzinfo is last.tzinfo:  # the same wall clock, so text
            return text
        text = value.isoformat(" ", "microseconds")[:_SQLITE_LENGTH]
        _last_moment[:] = value, text
        return text

    return convert


_last_moment: list[Any] = [None, ""]
"""The last time converted and its text: a row's times are often equal (an event's own
time and the time it was recorded)."""
