"""The petition agent: folds each owned partition of petition-events and appends decisions.

Per partition it keeps a :class:`PartitionFold`, rebuilt from the log when the partition is
first seen (so after every assignment), and publishes what the fold decides to the **same
partition**. Redeliveries below the rebuilt position are skipped; a revoked partition's fold
is dropped, since its next owner may append to it. The same agent reads petition-commands
(copartitioned: partition *n* of both goes to one worker) and decides each command on the
fold of its partition (:mod:`streams.petitions.commands`): the fact goes to petition-events,
then the outcome, keyed by the command id, to the outcome topic.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import faust

from jiesu.domain.events import Event
from schemas.codec import DecodeError
from streams import metrics
from streams.batching import batches, by_partition
from streams.petitions.commands import CommandOutcome, PolicyFailed, decide_command
from streams.petitions.fold import PartitionFold
from streams.petitions.recovery import fold_record, rebuild
from streams.runtime import Runtime

log = logging.getLogger(__name__)


class PetitionPartitions:
    """The folds of the petition-events partitions this worker owns."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.topic = runtime.settings.petition_events_topic
        self.commands = runtime.settings.petition_commands_topic
        self.folds: dict[int, PartitionFold] = {}
        self.revocations = 0

    async def process(self, messages: Sequence[Any]) -> None:
        """Fold a batch of records, dead-letter the poison among them, then publish all their
        decisions (each to its record's partition) and wait for the acknowledgments once."""
        decided: dict[int, list[Event]] = {}
        facts = [m for m in messages if m.topic != self.commands]
        for partition, group in by_partition(facts).items():
            decided[partition] = await self._fold_group(partition, group)
        outcomes: list[CommandOutcome] = []
        commands = [m for m in messages if m.topic == self.commands]
        for partition, group in by_partition(commands).items():
            for outcome in await self._decide_group(partition, group):
                decided.setdefault(partition, []).extend(outcome.outputs)
                outcomes.append(outcome)
        await self.runtime.publish_groups(decided, self.topic)
        for partition, outputs in decided.items():
            if (fold := self.folds.get(partition)) is not None:
                fold.published(outputs)
        await self.runtime.publish_outcomes(outcomes)

    async def _decide_group(self, partition: int, messages: Sequence[Any]) -> list[CommandOutcome]:
        """Each command of one partition decided on the fold; poison ones dead-lettered."""
        fold = await self.fold_of(partition)
        outcomes: list[CommandOutcome] = []
        for m in messages:
            try:  # a registry that does not answer raises on: retried, not parked
                command = self.runtime.decode(m.value, m.topic, partition, m.offset)
                outcomes.append(decide_command(fold, command))
            except (DecodeError, PolicyFailed) as exc:
                reason = f"command not decided: {type(exc).__name__}"
                await self.runtime.dead_letter(m.value, m.topic, partition, m.offset, reason)
        return outcomes

    async def _fold_group(self, partition: int, messages: Sequence[Any]) -> list[Event]:
        fold = await self.fold_of(partition)
        outputs: list[Event] = []
        for message in messages:
            if message.offset < fold.position:
                continue
            decided, poison = fold_record(
                self.runtime, fold, message.value, message.topic, message.offset
            )
            outputs += decided
            if poison is not None:
                await self.runtime.dead_letter(
                    message.value, message.topic, partition, message.offset, poison
                )
        return outputs

    async def fold_of(self, partition: int) -> PartitionFold:
        """The partition's fold, rebuilt from its log; what a previous owner left undone
        (outputs, dead letters) is done now."""
        if partition in self.folds:
            return self.folds[partition]
        revocations, loop = self.revocations, asyncio.get_running_loop()
        with metrics.rebuilding(self.topic):
            fold, poison = await loop.run_in_executor(None, rebuild, self.runtime, partition)
        pending = fold.pending()
        await self.runtime.publish(pending, self.topic, partition)
        fold.published(pending)
        for p in poison:
            await self.runtime.dead_letter(p.value, self.topic, partition, p.offset, p.reason)
        if revocations == self.revocations:  # else the partition may have moved meanwhile
            self.folds[partition] = fold
        return fold

    async def on_revoked(self, app: Any, /, *args: Any, signal: Any, **kwargs: Any) -> None:
        """faust's ``on_partitions_revoked`` signal: ``args[0]`` is the revoked set."""
        revoked: set[Any] = args[0]
        self.revocations += 1
        metrics.REBALANCES.inc()
        for tp in revoked:
            mine = tp.topic in (self.topic, self.commands)
            if mine and self.folds.pop(tp.partition, None) is not None:
                log.info("dropped the fold of %s[%d]", tp.topic, tp.partition)


def register(app: faust.App, runtime: Runtime) -> PetitionPartitions:
    """Declare the petition agent on ``app``."""
    partitions = PetitionPartitions(runtime)
    topic = app.topic(
        partitions.topic, partitions.commands, key_serializer="raw", value_serializer="raw"
    )

    async def petitions(stream: Any) -> None:
        async for messages in batches(stream, "petitions", runtime.settings):
            await partitions.process(messages)

    app.agent(topic, name="petitions")(petitions)
    app.on_partitions_revoked.connect(partitions.on_revoked)
    return partitions
