"""The read side declared once: each projection, the tables it owns and, per table, how its
rows live, what the change feed calls them and which of its rows a batch reads up front. The
lists other modules used to keep by hand (the projections' tables, the rows a rebuild
carries, the append-only tables, the change feed's entities, what to preload) are derived
here.

A table's ``rows``:

- ``carried``: the fold reads its rows again (a rebuild keeps them in memory between
  batches, :mod:`projections.carried`);
- ``append_only``: written once and never updated (a replay inserts them without an upsert,
  :mod:`projections.sql`);
- ``written``: upserted, never read back by the fold.

Every projection needs the lifecycle state, kept in ``petitions``; so ``petitions`` is
always projected, and rebuilding any projection rebuilds it too. Which handler each event
reaches is :data:`projections.wiring.HANDLERS` (its order crosses projections).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from projections import preloads
from projections.preloads import Preload

Rows = Literal["carried", "append_only", "written"]


@dataclass(frozen=True)
class Table:
    """One read-model table: its name, how its rows live, its change-feed entity, whether it
    is keyed by petition id (a petition never seen has no row there), and the keys of the
    rows a batch will touch (:mod:`projections.preloads`; None: read when first needed)."""

    name: str
    rows: Rows
    entity: str
    by_petition: bool = False
    preload: Preload | None = None


@dataclass(frozen=True)
class Projection:
    """A projection: a name (for ``jiesu replay --projection``) and the tables it owns."""

    name: str
    tables: tuple[Table, ...]


DECLARED: tuple[Projection, ...] = (
    Projection(
        "petitions",
        (
            Table(
                "petitions", "carried", "petition", by_petition=True, preload=preloads.by_petition
            ),
            Table("petition_timeline", "append_only", "event", preload=preloads.timeline),
            Table("repeats", "carried", "repeat", by_petition=True, preload=preloads.by_petition),
            Table("petition_links", "written", "link"),
        ),
    ),
    # daily_stats: its keys are known once the batch is folded (projections.stats reads them)
    Projection("statistics", (Table("daily_stats", "carried", "stats"),)),
    Projection(
        "scorecards",
        (Table("unit_scorecards", "carried", "scorecard", preload=preloads.units),),
    ),
    Projection("breaches", (Table("sla_breaches", "append_only", "breach"),)),
    Projection(
        "whistles",
        (
            Table("whistles", "carried", "whistle", preload=preloads.whistles),
            Table(
                "whistle_departments", "carried", "whistle_department", preload=preloads.summoned
            ),
        ),
    ),
)

BOOKKEEPING = frozenset({"projection_positions", "projection_outbox"})
"""Tables of the projector itself, owned by no projection."""

TABLES: dict[str, Table] = {t.name: t for p in DECLARED for t in p.tables}
PROJECTIONS: dict[str, tuple[str, ...]] = {
    p.name: tuple(t.name for t in p.tables) for p in DECLARED
}
"""Projection name → the tables it owns (each table belongs to exactly one)."""

CARRIED = frozenset(t.name for t in TABLES.values() if t.rows == "carried")
"""Tables whose rows the fold reads again; the others are only ever written."""
BY_PETITION = frozenset(t.name for t in TABLES.values() if t.by_petition)
APPEND_ONLY = tuple(t.name for t in TABLES.values() if t.rows == "append_only")
ENTITIES = {t.name: t.entity for t in TABLES.values()}
"""Table → the entity name of its changes on the change feed."""
PRELOADED = tuple((t.name, t.preload) for t in TABLES.values() if t.preload is not None)
"""(table, its preload), in declaration order: ``petitions`` first, whose rows the others read."""
