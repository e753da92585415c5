"""Which rows of a table a batch will touch: one function per table, named in the table's
declaration (:mod:`projections.declared`), so a batch reads them up front in one query per
table instead of one per row.

Tables are preloaded in the order they are declared; ``petitions`` comes first, so the
functions of the tables after it may read the petitions' rows (their unit, their whistle).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from jiesu.domain import events as ev

Key = tuple[Any, ...]
Row = dict[str, Any]


@dataclass
class Batch:
    """The events a batch will fold, as the preload functions see them. ``seen`` holds the
    event ids the log may already have (None: unknown); ``petition_row`` reads a preloaded
    petition's row (None: a petition never seen)."""

    events: list[ev.Event]
    seen: Collection[str] | None
    petition_row: Callable[[str], Row | None]

    @cached_property
    def petition_ids(self) -> set[str]:
        return {e.petition_id for e in self.events if e.petition_id}

    @cached_property
    def rows(self) -> list[Row]:
        """The rows of the batch's petitions already in the read model."""
        return [row for pid in self.petition_ids if (row := self.petition_row(pid)) is not None]


Preload = Callable[[Batch], set[Key]]


def by_petition(batch: Batch) -> set[Key]:
    return {(pid,) for pid in batch.petition_ids}


def timeline(batch: Batch) -> set[Key]:
    """Only the ids the log may hold already can be on the timeline (a redelivered event)."""
    return {(e.event_id,) for e in batch.events if batch.seen is None or e.event_id in batch.seen}


def units(batch: Batch) -> set[Key]:
    named = {u for e in batch.events for u in _units(e)}
    return {(u,) for u in named | {r["unit"] for r in batch.rows if r["unit"]}}


def whistles(batch: Batch) -> set[Key]:
    ids = {r["whistle_id"] for r in batch.rows if r["whistle_id"]}
    ids |= {
        e.whistle_id for e in batch.events if isinstance(e, ev.WhistleBlown | ev.DepartmentReported)
    }
    return {(w,) for w in ids}


def summoned(batch: Batch) -> set[Key]:
    """(whistle, department) of every summons the batch names or a breach may touch."""
    whistle_of = {r["petition_id"]: r["whistle_id"] for r in batch.rows}
    found: set[Key] = set()
    for event in batch.events:
        if isinstance(event, ev.WhistleBlown):
            found |= {(event.whistle_id, d) for d in event.departments}
        elif isinstance(event, ev.DepartmentReported):
            found.add((event.whistle_id, event.department))
        elif isinstance(event, ev.SlaBreached) and event.department:
            whistle = whistle_of.get(event.petition_id)
            if whistle:
                found.add((whistle, event.department))
    return found


def _units(event: ev.Event) -> Iterator[str]:
    for name in ("unit", "from_unit", "to_unit"):
        value = getattr(event, name, None)
        if isinstance(value, str):
            yield value
    department = getattr(event, "department", None)
    if department:
        yield f"dept:{department}"
    if isinstance(event, ev.WhistleBlown):
        yield from (f"dept:{d}" for d in event.departments)
