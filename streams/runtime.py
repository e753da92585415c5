"""What every agent needs, built once per worker: settings, codec, policy and the publishers.

Publishing waits for acks=all (the lead's :class:`jiesu.bus.publisher.Publisher`, run in a
thread so the event loop keeps heartbeating); an agent acknowledges a message only after its
outputs are acknowledged, which is what at-least-once needs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka.errors import KafkaError  # type: ignore[import-untyped]

from jiesu.bus.errors import BrokerUnavailable
from jiesu.bus.publisher import Publisher
from jiesu.domain.events import Event
from jiesu.settings import Settings
from schemas.codec import Codec, DecodeError, default_codec
from streams.linking.fold import Linker
from streams.petitions.fold import Policy

log = logging.getLogger(__name__)

RETRY_S = 1.0


@dataclass
class Runtime:
    """The worker's shared dependencies; ``app`` is the faust app (its producer dead-letters)."""

    settings: Settings
    codec: Codec
    policy: Policy
    publisher: Publisher
    link_index: Callable[[], Linker]
    app: Any = None

    async def publish(self, events: Sequence[Event], topic: str, partition: int) -> None:
        """Append ``events`` in order to one partition and wait for the acknowledgments."""
        loop = asyncio.get_running_loop()
        while events:
            try:
                await loop.run_in_executor(
                    None, lambda: self.publisher.publish_many(list(events), topic, partition)
                )
                return
            except BrokerUnavailable as exc:
                # Never drop a decision: the message stays unacknowledged until this succeeds.
                log.warning("publishing to %s[%d] failed (%s); retrying", topic, partition, exc)
                await asyncio.sleep(RETRY_S)

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
        log.warning("dead-lettering %s[%d]@%d: %s", topic, partition, offset, reason)
        await self.send_raw(self.settings.dead_letter_topic, 0, None, value or b"", headers)

    async def send_raw(
        self,
        topic: str,
        partition: int,
        key: bytes | None,
        value: bytes,
        headers: list[tuple[str, bytes]],
    ) -> None:
        """Append bytes as they are (copies, dead letters); retried until acknowledged."""
        while True:
            try:
                await self.app.producer.send_and_wait(topic, key, value, partition, None, headers)
                return
            except KafkaError as exc:
                log.warning("sending to %s[%d] failed (%s); retrying", topic, partition, exc)
                await asyncio.sleep(RETRY_S)


def build_runtime(settings: Settings) -> Runtime:
    """The real dependencies: the codec, the configured policy and link index."""
    from jiesu.config.policy import load_policy
    from jiesu.config.taxonomy import link_index_factory

    codec = default_codec(settings)
    publisher = Publisher(settings, codec)
    links = link_index_factory(settings.config_dir)
    return Runtime(settings, codec, load_policy(settings), publisher, links)


__all__ = ["DecodeError", "Runtime", "build_runtime"]
