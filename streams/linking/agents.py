"""The linking agents: ``link-feed`` copies petitions, group leads' resolutions and ticks into
the one-partition link-input topic; ``linker`` folds that log (see
:mod:`streams.linking.fold`) and appends each ``PetitionsLinked`` (and each member's copy of
a group's resolution) to the partition of the petition it concerns."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import faust

from schemas.codec import DecodeError
from streams import metrics
from streams.batching import batches
from streams.linking.fold import Addressed, LinkFold
from streams.linking.recovery import rebuild, source_of
from streams.runtime import RawRecord, Runtime
from streams.topics import link_topic

log = logging.getLogger(__name__)


FORWARDED = frozenset({"PetitionReceived", "GroupCaseResolved", "ClockTicked"})


async def feed_link_input(runtime: Runtime, messages: Sequence[Any]) -> None:
    """Copy petitions, group resolutions and ticks to link-input, keyed by the partition
    they come from."""
    copies: list[RawRecord] = []
    for message in messages:
        try:
            name = runtime.codec.event_name(message.value or b"")
        except DecodeError:
            continue  # the petition agent dead-letters it
        if name in FORWARDED:
            key = str(message.partition).encode()
            copies.append((0, key, message.value, list(message.headers or [])))
    await runtime.send_raw_many(link_topic(runtime.settings), copies)


class Linker:
    """The linker's fold, rebuilt when the link-input partition is (re)assigned."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.topic = link_topic(runtime.settings)
        self.fold: LinkFold | None = None
        self.revocations = 0

    async def process(self, messages: Sequence[Any]) -> None:
        """Fold a batch of link-input records; publish the links they release (or
        dead-letter them)."""
        fold = await self.fold_of()
        links: list[Addressed] = []
        for message in messages:
            if message.offset < fold.position:
                continue
            try:
                event = self.runtime.decode(message.value, self.topic, 0, message.offset)
            except DecodeError as exc:
                fold.feed(-1, None, message.offset)
                reason = f"undecodable: {exc.reason}"
                await self.runtime.dead_letter(message.value, self.topic, 0, message.offset, reason)
                continue
            links += fold.feed(source_of(message.key), event, message.offset)
        await self.publish(links)

    async def fold_of(self) -> LinkFold:
        if self.fold is not None:
            return self.fold
        revocations, loop = self.revocations, asyncio.get_running_loop()
        with metrics.rebuilding(self.topic):
            fold, missing = await loop.run_in_executor(None, rebuild, self.runtime)
        await self.publish(missing)
        if revocations == self.revocations:  # else link-input may have moved meanwhile
            self.fold = fold
        return fold

    async def publish(self, links: list[Addressed]) -> None:
        """Append links to their petitions' partitions, in order within each partition."""
        by_partition: dict[int, list[Any]] = defaultdict(list)
        for partition, link in links:
            by_partition[partition].append(link)
        await self.runtime.publish_groups(by_partition, self.runtime.settings.petition_events_topic)

    async def on_revoked(self, app: Any, /, *args: Any, signal: Any, **kwargs: Any) -> None:
        """faust's ``on_partitions_revoked`` signal: ``args[0]`` is the revoked set."""
        revoked: set[Any] = args[0]
        self.revocations += 1
        if any(tp.topic == self.topic for tp in revoked):
            self.fold = None


def register(app: faust.App, runtime: Runtime) -> Linker:
    """Declare the link-feed and linker agents on ``app``."""
    settings = runtime.settings
    source = app.topic(settings.petition_events_topic, key_serializer="raw", value_serializer="raw")
    target = app.topic(link_topic(settings), key_serializer="raw", value_serializer="raw")
    linker = Linker(runtime)

    async def link_feed(stream: Any) -> None:
        async for messages in batches(stream, "link-feed", runtime.settings):
            await feed_link_input(runtime, messages)

    async def link(stream: Any) -> None:
        async for messages in batches(stream, "linker", runtime.settings):
            await linker.process(messages)

    app.agent(source, name="link-feed")(link_feed)
    app.agent(target, name="linker")(link)
    app.on_partitions_revoked.connect(linker.on_revoked)
    return linker
