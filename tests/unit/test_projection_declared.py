"""The read side declared once: every table of the models belongs to exactly one projection
(or to the projector's bookkeeping), and the derived lists agree with the handlers."""

from __future__ import annotations

from collections import Counter

import projections.models  # noqa: F401  (registers the petitions tables)
from projections import declared, wiring
from projections.models_side import Base


def test_every_table_of_the_models_is_declared_once() -> None:
    declared_names = Counter(t.name for p in declared.DECLARED for t in p.tables)
    assert all(n == 1 for n in declared_names.values()), declared_names
    assert set(declared_names) | declared.BOOKKEEPING == set(Base.metadata.tables)
    assert not set(declared_names) & declared.BOOKKEEPING


def test_each_entity_names_one_table_and_each_projection_is_named_once() -> None:
    entities = list(declared.ENTITIES.values())
    assert len(entities) == len(set(entities))
    assert len(declared.PROJECTIONS) == len(declared.DECLARED)


def test_every_handler_belongs_to_a_declared_projection() -> None:
    used = {name for handlers in wiring.HANDLERS.values() for name, _ in handlers}
    assert used <= set(declared.PROJECTIONS)


def test_the_derived_lists_follow_the_row_kinds() -> None:
    assert {
        "petitions",
        "repeats",
        "daily_stats",
        "unit_scorecards",
        "whistles",
        "whistle_departments",
    } == declared.CARRIED
    assert set(declared.APPEND_ONLY) == {"petition_timeline", "sla_breaches"}
    assert declared.BY_PETITION <= declared.CARRIED
    assert wiring.PROJECTIONS is declared.PROJECTIONS


def test_carried_tables_read_by_key_are_preloaded_in_declaration_order() -> None:
    preloaded = [name for name, _ in declared.PRELOADED]
    assert preloaded[0] == "petitions", "the other preloads read the petitions' rows"
    assert set(preloaded) - {"petition_timeline"} == declared.CARRIED - {"daily_stats"}
