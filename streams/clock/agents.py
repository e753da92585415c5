"""The clock agent: every tick of the ``clock`` topic, copied into every petition partition.

Decisions then depend on one partition's log only (replaying it replays time too). The
copies have deterministic ids, so a tick fanned out twice is one fact, recognised as such.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import faust

from jiesu.domain.events import ClockTicked, Event
from jiesu.domain.ids import derived_id
from schemas.codec import DecodeError
from streams import metrics
from streams.batching import batches
from streams.runtime import Runtime


def fanned_out(tick: ClockTicked, partition: int) -> ClockTicked:
    """The copy of ``tick`` for one petition-events partition."""
    return replace(
        tick, event_id=derived_id(tick.event_id, str(partition)), causation_id=tick.event_id
    )


async def fan_out(runtime: Runtime, messages: Sequence[Any]) -> None:
    """Copy a batch of clock records into every partition (one publish per partition), and
    dead-letter the records that are not ticks."""
    copies: dict[int, list[Event]] = defaultdict(list)
    for message in messages:
        tick, reason = _tick(runtime, message)
        if tick is None:
            await runtime.dead_letter(
                message.value, message.topic, message.partition, message.offset, reason
            )
            continue
        for partition in range(runtime.settings.petition_partitions):
            copies[partition].append(fanned_out(tick, partition))
    await runtime.publish_groups(copies, runtime.settings.petition_events_topic)
    if copies:
        newest = max(tick.event_time for tick in copies[0])
        metrics.LAST_TICK.set(newest.timestamp())


def _tick(runtime: Runtime, message: Any) -> tuple[ClockTicked | None, str]:
    try:
        tick = runtime.decode(message.value, message.topic, message.partition, message.offset)
    except DecodeError as exc:
        return None, f"undecodable: {exc.reason}"
    if isinstance(tick, ClockTicked):
        return tick, ""
    return None, f"not a ClockTicked: {type(tick).__name__}"


def register(app: faust.App, runtime: Runtime) -> None:
    """Declare the clock agent on ``app``."""
    topic = app.topic(runtime.settings.clock_topic, key_serializer="raw", value_serializer="raw")

    async def clock(stream: Any) -> None:
        async for messages in batches(stream, "clock", runtime.settings):
            await fan_out(runtime, messages)

    app.agent(topic, name="clock")(clock)
