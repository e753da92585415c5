"""Which rows a batch will touch, read up front in a few queries instead of one per row."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from jiesu.domain import events as ev
from projections.workspace import Workspace


def prefetch(ws: Workspace, events: list[ev.Event], seen: Collection[str] | None = None) -> None:
    """Read what folding ``events`` will need; only the ids in ``seen`` (when known: every
    other id is new to the log) can be on the timeline already."""
    ids = {e.petition_id for e in events if e.petition_id}
    ws.preload("petitions", {(pid,) for pid in ids})
    ws.preload(
        "petition_timeline", {(e.event_id,) for e in events if seen is None or e.event_id in seen}
    )
    ws.preload_seqs(ids)
    ws.preload("repeats", {(pid,) for pid in ids})
    rows = [row for pid in ids if (row := ws.get("petitions", pid)) is not None]
    units = {u for e in events for u in _units(e)} | {r["unit"] for r in rows if r["unit"]}
    ws.preload("unit_scorecards", {(u,) for u in units})
    whistles = {r["whistle_id"] for r in rows if r["whistle_id"]}
    whistles |= {
        e.whistle_id for e in events if isinstance(e, ev.WhistleBlown | ev.DepartmentReported)
    }
    ws.preload("whistles", {(w,) for w in whistles})
    ws.preload("whistle_departments", set(_summoned(events, rows)))


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


def _summoned(events: list[ev.Event], rows: list[dict]) -> Iterator[tuple[str, str]]:
    whistle_of = {r["petition_id"]: r["whistle_id"] for r in rows}
    for event in events:
        if isinstance(event, ev.WhistleBlown):
            yield from ((event.whistle_id, d) for d in event.departments)
        elif isinstance(event, ev.DepartmentReported):
            yield event.whistle_id, event.department
        elif isinstance(event, ev.SlaBreached) and event.department:
            whistle = whistle_of.get(event.petition_id)
            if whistle:
                yield whistle, event.department
