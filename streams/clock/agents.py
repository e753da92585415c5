"""The clock agent: every tick of the ``clock`` topic, copied into every petition partition.

Decisions then depend on one partition's log only (replaying it replays time too). The
copies have deterministic ids, so a tick fanned out twice is one fact, recognised as such.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import faust

from jiesu.domain.events import ClockTicked
from jiesu.domain.ids import derived_id
from schemas.codec import DecodeError
from streams.runtime import Runtime


def fanned_out(tick: ClockTicked, partition: int) -> ClockTicked:
    """The copy of ``tick`` for one petition-events partition."""
    return replace(
        tick, event_id=derived_id(tick.event_id, str(partition)), causation_id=tick.event_id
    )


async def fan_out(runtime: Runtime, message: Any) -> None:
    """Copy one clock record into every partition, or dead-letter it."""
    try:
        tick = runtime.decode(message.value, message.topic, message.partition, message.offset)
    except DecodeError as exc:
        reason = f"undecodable: {exc.reason}"
    else:
        if isinstance(tick, ClockTicked):
            for partition in range(runtime.settings.petition_partitions):
                topic = runtime.settings.petition_events_topic
                await runtime.publish([fanned_out(tick, partition)], topic, partition)
            return
        reason = f"not a ClockTicked: {type(tick).__name__}"
    await runtime.dead_letter(
        message.value, message.topic, message.partition, message.offset, reason
    )


def register(app: faust.App, runtime: Runtime) -> None:
    """Declare the clock agent on ``app``."""
    topic = app.topic(runtime.settings.clock_topic, key_serializer="raw", value_serializer="raw")

    async def clock(stream: Any) -> None:
        async for event in stream.events():
            await fan_out(runtime, event.message)

    app.agent(topic, name="clock")(clock)
