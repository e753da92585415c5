"""What every agent needs, built once per worker: settings, codec, policy and publishing.

Publishing goes through the faust app's own (aiokafka, acks=all) producer on the event loop:
a batch's records are all sent, then their acknowledgments awaited together, which costs one
round trip per batch instead of a thread hop, a flush and a round trip per record. An agent
acknowledges a message only after its outputs are acknowledged (at-least-once). Derived
events carry the same key and headers as :class:`jiesu.bus.publisher.Publisher` writes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka.errors import KafkaError  # type: ignore[import-untyped]

from jiesu.bus.records import event_record
from jiesu.domain.events import Event
from jiesu.settings import Settings
from schemas.codec import Codec, DecodeError, default_codec
from streams import metrics
from streams.linking.fold import Linker
from streams.petitions.commands import CommandOutcome
from streams.petitions.contract import Policy

log = logging.getLogger(__name__)

RETRY_S = 1.0

RawRecord = tuple[int, bytes | None, bytes, list[tuple[str, bytes]]]
"""A record to append as it is: partition, key, value, headers."""


@dataclass
class Runtime:
    """The worker's shared dependencies; ``app`` is the faust app (its producer dead-letters)."""

    settings: Settings
    codec: Codec
    policy: Policy
    link_index: Callable[[], Linker]
    app: Any = None

    async def publish(self, events: Sequence[Event], topic: str, partition: int) -> None:
        """Append ``events`` in order to one partition and wait for the acknowledgments."""
        await self.publish_groups({partition: list(events)}, topic)

    async def publish_groups(self, groups: Mapping[int, Sequence[Event]], topic: str) -> None:
        """Append each partition's events in order and wait for all the acknowledgments.

        A retry may publish some events twice; their deterministic ids make them one fact.
        """
        records = [
            self._record(event, partition)
            for partition, events in sorted(groups.items())
            for event in events
        ]
        await self.send_raw_many(topic, records)
        for events in groups.values():
            metrics.published(events)

    async def publish_outcomes(self, outcomes: Sequence[CommandOutcome]) -> None:
        """Append each command's outcome (the fact, or its refusal) keyed by the command id."""
        records: list[RawRecord] = []
        for outcome in outcomes:
            _, value, headers = event_record(self.codec, outcome.outcome)
            records.append((0, outcome.command_id.encode(), value, headers))
        if records:
            await self.send_raw_many(self.settings.command_outcomes_topic, records)

    def _record(self, event: Event, partition: int) -> RawRecord:
        """The record the intake's publisher would write for ``event`` (same key, headers)."""
        key, value, headers = event_record(self.codec, event)
        return (partition, key, value, headers)

    def decode(self, value: bytes | None, topic: str, partition: int, offset: int) -> Event:
        """The event in a record; raises :class:`DecodeError` for anything else."""
        return self.codec.decode(value or b"", topic=topic, partition=partition, offset=offset)

    async def dead_letter(
        self, value: bytes | None, topic: str, partition: int, offset: int, reason: str
    ) -> None:
        """Park a record no agent can process, with where it came from and why."""
        headers = [
            ("reason", reason.encode()),
            ("topic", topic.encode()),
            ("partition", str(partition).encode()),
            ("offset", str(offset).encode()),
        ]
        where = {"topic": topic, "partition": partition, "offset": offset}
        log.warning("dead-lettering %s[%d]@%d: %s", topic, partition, offset, reason, extra=where)
        await self.send_raw(self.settings.dead_letter_topic, 0, None, value or b"", headers)
        metrics.dead_lettered(topic, reason)

    async def send_raw(
        self,
        topic: str,
        partition: int,
        key: bytes | None,
        value: bytes,
        headers: list[tuple[str, bytes]],
    ) -> None:
        """Append bytes as they are (copies, dead letters); retried until acknowledged."""
        await self.send_raw_many(topic, [(partition, key, value, headers)])

    async def send_raw_many(self, topic: str, records: Sequence[RawRecord]) -> None:
        """Append records in order and wait for all their acknowledgments at once."""
        producer = self.app.producer
        while records:
            try:
                sent = [await producer.send(topic, k, v, p, None, h) for p, k, v, h in records]
                await asyncio.gather(*sent)
                return
            except KafkaError as exc:
                log.warning("sending to %s failed (%s); retrying", topic, exc)
                await asyncio.sleep(RETRY_S)


def build_runtime(settings: Settings) -> Runtime:
    """The real dependencies: the codec, the configured policy and link index."""
    from jiesu.config.linking import link_index_factory
    from jiesu.config.policy import load_policy

    codec = default_codec(settings)
    links = link_index_factory(settings.config_dir)
    return Runtime(settings, codec, load_policy(settings), links)


__all__ = ["DecodeError", "Runtime", "build_runtime"]
