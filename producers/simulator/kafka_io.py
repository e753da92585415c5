"""The simulator's Kafka adapters: publish to the broker, read decisions back."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from kafka import TopicPartition
from kafka.consumer.fetcher import ConsumerRecord

from jiesu.bus.reading import assigned_consumer, high_watermark
from jiesu.domain.events import ClockTicked, Event
from jiesu.settings import Settings
from producers.intake import EventPublisher
from producers.simulator.commands import Commands, is_action
from schemas.codec import Codec, DecodeError

log = logging.getLogger(__name__)


class BrokerTarget:
    """Publishes straight to the broker: petitions to petition-events, handlers' actions as
    commands to petition-commands, ticks to ``clock``."""

    def __init__(self, publisher: EventPublisher, commands: Commands) -> None:
        self.publisher, self.commands = publisher, commands

    def send(self, events: Sequence[Event]) -> None:
        """The stretch's actions (each decided before this goes on), then its petitions,
        then its ticks, so a tick never runs ahead of the actions and petitions it follows.

        Actions go first: the linker may answer a stretch's petitions before its ticks
        (once every partition has passed them), and its links must not race the actions'
        facts into a partition. A petition folded after an action of its partition is
        decided at that action's time, as an action after a petition was before commands."""
        self.commands.send([e for e in events if is_action(e)])
        self.petitions([e for e in events if not (is_action(e) or isinstance(e, ClockTicked))])
        self.publisher.publish_many([e for e in events if isinstance(e, ClockTicked)])

    def petitions(self, events: Sequence[Event]) -> None:
        self.publisher.publish_many(events)

    def close(self) -> None:
        self.commands.close()


class BrokerFeed:
    """Reads petition-events from the high watermarks seen when the run began."""

    def __init__(self, settings: Settings, codec: Codec) -> None:
        self.codec = codec
        topic = settings.petition_events_topic
        self.partitions = [TopicPartition(topic, p) for p in range(settings.petition_partitions)]
        self.consumer = assigned_consumer(settings)
        self.consumer.assign(self.partitions)
        for tp in self.partitions:
            self.consumer.seek(tp, high_watermark(settings, topic, tp.partition))

    def poll(self, timeout_s: float) -> list[Event]:
        batches = self.consumer.poll(timeout_ms=int(timeout_s * 1000))
        events: list[Event] = []
        for records in batches.values():
            events.extend(e for e in map(self._decode, records) if e is not None)
        return events

    def _decode(self, record: ConsumerRecord) -> Event | None:
        try:
            return self.codec.decode(
                record.value, topic=record.topic, partition=record.partition, offset=record.offset
            )
        except DecodeError as exc:
            log.warning("simulator skipped an undecodable record: %s", exc)
            return None

    def close(self) -> None:
        self.consumer.close()
