"""A repeat link reaches every petition it names; only the later one is the repeat."""

from __future__ import annotations

from typing import Any

from jiesu.domain import events as ev
from jiesu.domain.ids import derived_id, petition_id_for
from projections.memory import fold_events
from streams.linking.fold import per_petition
from tests.factories import envelope, received

FIRST = petition_id_for("HOTLINE", "CALL-REPEAT-1")
SECOND = petition_id_for("HOTLINE", "CALL-REPEAT-2")
THIRD = petition_id_for("HOTLINE", "CALL-REPEAT-3")


def link(ids: tuple[str, ...], n: int) -> list[ev.PetitionsLinked]:
    """The linker's link of ``ids[-1]`` to the earlier ``ids``, one copy per petition."""
    cause = received(ids[-1], n)
    made = ev.PetitionsLinked(
        **envelope(n, ids[-1], "processor:linker") | {"causation_id": cause.event_id},
        kind=ev.LinkKind.REPEAT,
        group_id=derived_id("repeat", ids[0]),
        petition_ids=ids,
        reason=f"repeat: same petitioner, place zd.cz.cg.c01 and matter; {len(ids) - 1} earlier",
    )
    return per_petition(made)


def rows(table: list[dict[str, Any]]) -> dict[str, Any]:
    return {row["petition_id"]: row["repeat_of"] for row in table}


def test_the_earlier_petition_repeats_nothing_and_each_repeat_points_at_the_first() -> None:
    events: list[ev.Event] = [
        received(FIRST, 0),
        received(SECOND, 60),
        *link((FIRST, SECOND), 60),
        received(THIRD, 120),
        *link((FIRST, SECOND, THIRD), 120),
    ]

    store = fold_events(events)

    assert rows(store.rows("repeats")) == {SECOND: FIRST, THIRD: FIRST}
    assert rows(store.rows("petitions")) == {FIRST: None, SECOND: FIRST, THIRD: FIRST}
