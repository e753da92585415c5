"""Keeping a simulation deterministic: wait until the processors have taken in everything.

The simulator's handlers answer decisions the stream processors make. If simulated time ran
on while the processors lagged, a slow machine would see other breaches than a fast one. So
after each stretch of simulated time the demo waits until the processors' consumer group
has committed every offset up to each partition's fetch high watermark, then reads back
what they decided. The same seed then gives the same run on any machine.
"""

from __future__ import annotations

import time

from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord

from jiesu.bus.reading import assigned_consumer
from jiesu.bus.topics import bootstrap_of
from jiesu.domain.events import Event
from jiesu.settings import Settings
from schemas.codec import Codec, DecodeError


class Quiet:
    """Tells when a consumer group has processed every record of some topics."""

    def __init__(self, settings: Settings, group_id: str, partitions: list[TopicPartition]):
        self.partitions = partitions
        self.group = KafkaConsumer(
            bootstrap_servers=bootstrap_of(settings), group_id=group_id, enable_auto_commit=False
        )
        self.settings = settings
        self.last: dict[TopicPartition, int] = {}

    def highwaters(self) -> dict[TopicPartition, int]:
        """Fresh high watermarks, from a consumer that has never fetched before."""
        marks = assigned_consumer(self.settings, max_poll_records=1)
        try:
            marks.assign(self.partitions)
            for tp in self.partitions:
                marks.seek(tp, self.last.get(tp, 0))
            deadline = time.monotonic() + 10
            while len(self.last_seen(marks)) < len(self.partitions):
                if time.monotonic() > deadline:
                    raise TimeoutError("no fetch response from the broker")
                marks.poll(timeout_ms=50)
            self.last = self.last_seen(marks)
        finally:
            marks.close()
        return self.last

    def last_seen(self, marks: KafkaConsumer) -> dict[TopicPartition, int]:
        return {tp: hw for tp in self.partitions if (hw := marks.highwater(tp)) is not None}

    def lag(self) -> tuple[int, dict[TopicPartition, int]]:
        """Records the group has not committed yet, and the high watermarks it was measured at."""
        marks = self.highwaters()
        total = sum(max(0, hw - (self.group.committed(tp) or 0)) for tp, hw in marks.items())
        return total, marks

    def wait(self, timeout_s: float = 120.0, settle_s: float = 0.02) -> dict[TopicPartition, int]:
        """Wait until the lag is zero twice in a row; return the high watermarks then."""
        deadline = time.monotonic() + timeout_s
        zero_in_a_row, marks = 0, dict[TopicPartition, int]()
        while zero_in_a_row < 2:
            lag, marks = self.lag()
            if time.monotonic() > deadline:
                raise TimeoutError(f"the stream processors still lag by {lag} records")
            zero_in_a_row = zero_in_a_row + 1 if lag == 0 else 0
            time.sleep(settle_s)
        return marks

    def close(self) -> None:
        self.group.close()


class PacedFeed:
    """The simulator's feed of decisions, handed out only once the processors are quiet."""

    def __init__(self, settings: Settings, codec: Codec, quiet: Quiet, start: dict[int, int]):
        self.codec, self.quiet = codec, quiet
        topic = settings.petition_events_topic
        self.partitions = [TopicPartition(topic, p) for p in sorted(start)]
        self.consumer = assigned_consumer(settings)
        self.consumer.assign(self.partitions)
        for tp in self.partitions:
            self.consumer.seek(tp, start[tp.partition])

    def poll(self, timeout_s: float) -> list[Event]:
        """Everything the processors wrote up to the moment they went quiet."""
        marks = self.quiet.wait()
        events: list[Event] = []
        while any(self.consumer.position(tp) < marks.get(tp, 0) for tp in self.partitions):
            for records in self.consumer.poll(timeout_ms=100).values():
                events.extend(e for r in records if (e := self._decode(r)) is not None)
        return events

    def _decode(self, record: ConsumerRecord) -> Event | None:
        try:
            return self.codec.decode(
                record.value, topic=record.topic, partition=record.partition, offset=record.offset
            )
        except DecodeError:
            return None

    def close(self) -> None:
        self.consumer.close()
        self.quiet.close()
