"""Which rows a batch will touch, read up front in a few queries instead of one per row; each
table's keys come from its declaration (:data:`projections.declared.PRELOADED`)."""

from __future__ import annotations

from collections.abc import Collection

from jiesu.domain import events as ev
from projections.declared import PRELOADED
from projections.preloads import Batch
from projections.workspace import Workspace


def prefetch(ws: Workspace, events: list[ev.Event], seen: Collection[str] | None = None) -> None:
    """Read what folding ``events`` will need; only the ids in ``seen`` (when known: every
    other id is new to the log) can be on the timeline already."""
    batch = Batch(events, seen, lambda petition_id: ws.get("petitions", petition_id))
    for table, keys in PRELOADED:
        ws.preload(table, keys(batch))
    ws.preload_seqs(batch.petition_ids)
