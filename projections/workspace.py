"""The rows one batch reads and writes, kept in memory until the batch commits.

The fold only ever talks to a :class:`Workspace`: rows are plain dicts keyed by table and
primary key; a miss asks the :class:`Loader` (SQL in production, dicts in unit tests), and
every row put is remembered as dirty so the store can write it back in bulk.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import datetime
from functools import cache
from operator import itemgetter
from typing import Any, Protocol

from jiesu.domain.lifecycle import PetitionState
from projections.models_side import Base

Row = dict[str, Any]
Key = tuple[Any, ...]


class Loader(Protocol):
    """Where rows come from when the workspace does not hold them yet."""

    def load(self, table: str, keys: Collection[Key]) -> dict[Key, Row]: ...

    def max_seq(self, petition_ids: Collection[str]) -> dict[str, int]: ...


def blank(table: str) -> Row:
    """A row of ``table`` with every column at its default (None when it has none)."""
    return dict(_defaults(table))


@cache
def _defaults(table: str) -> Row:
    columns = Base.metadata.tables[table].columns
    return {c.name: c.default.arg if c.default is not None else None for c in columns}  # type: ignore[attr-defined]


@cache
def primary_key(table: str) -> tuple[str, ...]:
    return tuple(c.name for c in Base.metadata.tables[table].primary_key.columns)


@cache
def _key_of(table: str) -> Callable[[Row], Key]:
    """A function reading the primary key of a row of ``table`` (the fold's hottest path)."""
    names = primary_key(table)
    if len(names) == 1:
        name = names[0]
        return lambda row: (row[name],)
    return itemgetter(*names)


class Workspace:
    """A batch's rows: cached reads, dirty writes, and the petitions as they were loaded."""

    def __init__(self, loader: Loader, projections: Collection[str]) -> None:
        self.loader = loader
        self.projections = frozenset(projections)
        self.rows: dict[str, dict[Key, Row | None]] = {}
        self.dirty: dict[str, dict[Key, None]] = {}
        self.loaded_petitions: dict[str, Row | None] = {}
        self.seqs: dict[str, int] = {}
        self.states: dict[str, PetitionState] = {}
        self.now: dict[int, datetime] = {}

    def preload(self, table: str, keys: Iterable[Key]) -> None:
        """Fetch the rows of ``keys`` not held yet in one round trip."""
        cache = self.rows.setdefault(table, {})
        missing = {k for k in keys if k not in cache}
        if not missing:
            return
        found = self.loader.load(table, missing)
        for key in missing:
            row = found.get(key)
            cache[key] = dict(row) if row is not None else None
            if table == "petitions":
                self.loaded_petitions[key[0]] = dict(row) if row is not None else None

    def get(self, table: str, *key: Any) -> Row | None:
        """The row of ``key``, or None; change it in place and :meth:`put` it to mark it dirty."""
        held = self.rows.get(table)
        if held is None or key not in held:
            self.preload(table, [key])
            held = self.rows[table]
        return held[key]

    def put(self, table: str, row: Row) -> None:
        key = _key_of(table)(row)
        self.rows.setdefault(table, {})[key] = row
        self.dirty.setdefault(table, {})[key] = None

    def get_or_blank(self, table: str, *key: Any) -> Row:
        row = self.get(table, *key)
        if row is not None:
            return row
        made = blank(table)
        made.update(zip(primary_key(table), key, strict=True))
        return made

    def next_seq(self, petition_id: str) -> int:
        if petition_id not in self.seqs:
            self.seqs.update(self.loader.max_seq([petition_id]))
            self.seqs.setdefault(petition_id, 0)
        self.seqs[petition_id] += 1
        return self.seqs[petition_id]

    def preload_seqs(self, petition_ids: Collection[str]) -> None:
        missing = [p for p in petition_ids if p not in self.seqs]
        if missing:
            found = self.loader.max_seq(missing)
            self.seqs.update({p: found.get(p, 0) for p in missing})

    def dirty_rows(self, table: str) -> list[Row]:
        """The rows of ``table`` written in this batch, in the order first written."""
        cache = self.rows.get(table, {})
        return [row for key in self.dirty.get(table, {}) if (row := cache[key]) is not None]

    def mark_written(self, tables: Iterable[str]) -> None:
        """The dirty rows of ``tables`` were written (the batch is still open): only rows
        put again from now on are dirty there."""
        for table in tables:
            self.dirty.pop(table, None)

    def advance(self, partition: int, moment: datetime) -> None:
        """The projection's "now" in a partition: the largest event time it has seen."""
        if partition not in self.now or moment > self.now[partition]:
            self.now[partition] = moment
