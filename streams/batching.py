"""Taking records in small batches: one publish (one flush, one acknowledgment wait) per
batch and partition instead of one per record.

faust's ``take_events`` acknowledges a batch's records only after the agent's body for the
batch has returned, that is after their outputs were acknowledged: at-least-once holds.
A batch is whatever arrived within ``JIESU_BATCH_WITHIN_MS``, so a quiet stream waits at
most that long.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from typing import Any

from jiesu.settings import Settings
from streams import metrics

MAX_BATCH = 500


async def batches(stream: Any, agent: str, settings: Settings) -> AsyncIterator[list[Any]]:
    """The messages of ``stream``, a batch at a time, in arrival order; once the agent is
    back for the next batch, this one's positions count as processed (for its lag)."""
    async for events in stream.take_events(MAX_BATCH, within=settings.batch_within_ms / 1000):
        messages = [event.message for event in events]
        yield messages
        metrics.processed(agent, messages)


def by_partition(messages: Sequence[Any]) -> dict[int, list[Any]]:
    """Messages grouped by partition, each group in offset order (as they arrived)."""
    groups: dict[int, list[Any]] = defaultdict(list)
    for message in messages:
        groups[message.partition].append(message)
    return dict(sorted(groups.items()))
