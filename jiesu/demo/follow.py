"""Pacing a simulation on what the processors do: the demo's feed of decisions.

The simulator's handlers answer decisions the stream processors make. If simulated time ran
on while the processors lagged, a slow machine would see other breaches than a fast one. So
after each stretch of simulated time the demo waits until the processors are *quiet*: their
consumer group has committed every record of every topic it reads (petition-events, clock,
link-input) up to the partitions' ends, so every decision the stretch calls for is in the
log. The handlers then answer what was decided, and the same seed gives the same run.

Waiting costs what the processors need and little more. One long-lived consumer follows
every topic the group reads: its fetches carry the high watermarks (the only correct "end"
on every broker, see ``jiesu.bus.reading``) and the petition-events records it reads are
the decisions handed to the simulator. One long-lived admin client reads the commits. A
commit covers a record only once that record's outputs were acknowledged, so when the
commits reach the ends seen, one more fetch *sent after the commits were read* decides: the
follower seeks one record back on every partition (a fetch for that offset cannot be one
already in flight) and if the ends it returns are still the commits, nothing is left to
decide and nothing more will come.
"""

from __future__ import annotations

import time

from kafka import KafkaAdminClient, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord

from jiesu.bus.reading import assigned_consumer, high_watermark
from jiesu.bus.topics import bootstrap_of
from jiesu.domain.events import Event
from jiesu.settings import Settings
from schemas.codec import Codec, DecodeError
from streams.topics import app_id, link_topic

Marks = dict[TopicPartition, int]


class Follower:
    """The processors' inputs and outputs as they happen; :meth:`poll` waits for quiet."""

    def __init__(self, settings: Settings, codec: Codec) -> None:
        self.settings, self.codec = settings, codec
        self.topic = settings.petition_events_topic
        self.partitions = [
            TopicPartition(self.topic, p) for p in range(settings.petition_partitions)
        ]
        self.partitions += [TopicPartition(settings.clock_topic, 0)]
        self.partitions += [TopicPartition(link_topic(settings), 0)]
        self.group = app_id(settings)
        self.admin = KafkaAdminClient(bootstrap_servers=bootstrap_of(settings))
        self.poll_ms = max(1, settings.fetch_max_wait_ms // 2)
        """A poll that brings nothing only sends the follower on to the commits and the
        confirming fetch, which decide; so it need not outlast a fetch. Half a fetch wait
        instead of two: the demo's waits 6 % shorter (three paired runs of 100 petitions,
        16.8 against 17.9 s on average), the same summary."""
        self.consumer = assigned_consumer(settings, max_poll_records=100_000)
        self.consumer.assign(self.partitions)
        for tp in self.partitions:
            self.consumer.seek(tp, 0)
        self.next = dict.fromkeys(self.partitions, 0)
        self.decisions: list[Event] = []
        self.waits, self.waited_s, self.lag = 0, 0.0, 0
        self.logged = 0
        """Petition-events records read so far (decisions, actions, ticks' copies)."""
        self.peak = self.last_peak = 0
        """The most records the group had left to commit, during this wait and the last."""

    def poll(self, timeout_s: float = 0.0) -> list[Event]:
        """Every petition event logged since the last call, once the processors are quiet."""
        self.wait()
        events, self.decisions = self.decisions, []
        return events

    def wait(self, timeout_s: float = 300.0) -> None:
        """Until the processors' group has committed every record of every topic it reads."""
        started = time.monotonic()
        deadline = started + timeout_s
        self.peak = 0
        while not self._quiet():
            if time.monotonic() > deadline:
                raise TimeoutError(f"the stream processors still lag by {self.lag} records")
        self.waits += 1
        self.waited_s += time.monotonic() - started
        self.last_peak = self.peak

    def backlog(self, timeout_s: float = 30.0) -> int:
        """Records the processors' group has not committed yet, up to the ends a fetch saw
        (a measure taken mid-flow, waiting for nothing)."""
        deadline = time.monotonic() + timeout_s
        while (ends := self._ends()) is None:
            if time.monotonic() > deadline:
                raise TimeoutError("no fetch answer from the broker")
            self._read(self.consumer.poll(timeout_ms=self.poll_ms))
        committed = self._committed()
        return sum(max(0, end - committed[tp]) for tp, end in ends.items())

    def _quiet(self) -> bool:
        """One look: a fetch; when it brought nothing and the follower is at the ends, the
        commits; when they are at the ends too, the confirming fetch."""
        if self._read(self.consumer.poll(timeout_ms=self.poll_ms)):
            return False  # still flowing: the commits cannot be there yet
        ends = self._ends()
        if ends is None or any(self.next[tp] != end for tp, end in ends.items()):
            self.lag = -1 if ends is None else sum(ends.values()) - sum(self.next.values())
            return False
        committed = self._committed()
        self.lag = sum(abs(end - committed[tp]) for tp, end in ends.items())
        self.peak = max(self.peak, self.lag)
        return self.lag == 0 and self._still(committed)

    def _still(self, committed: Marks) -> bool:
        """Whether a fetch sent now finds the ends at ``committed`` (nothing appended since)."""
        if not all(committed.values()):  # nothing to seek back to: a fresh consumer's fetch
            topics = [(tp.topic, tp.partition) for tp in self.partitions]
            return all(
                high_watermark(self.settings, *t) == committed[tp]
                for t, tp in zip(topics, self.partitions, strict=True)
            )
        for tp, offset in committed.items():
            self.consumer.seek(tp, offset - 1)
        answered: set[TopicPartition] = set()
        deadline = time.monotonic() + 30
        while len(answered) < len(self.partitions):
            batches = self.consumer.poll(timeout_ms=self.poll_ms)
            answered.update(tp for tp, rs in batches.items() if rs[0].offset == committed[tp] - 1)
            self._read(batches)
            if time.monotonic() > deadline:
                raise TimeoutError("no fetch answer from the broker")
        return all(self.consumer.highwater(tp) == committed[tp] for tp in self.partitions)

    def _committed(self) -> Marks:
        """The group's commits, in one offset fetch."""
        found = self.admin.list_group_offsets({self.group: self.partitions}).get(self.group, {})
        return {tp: max(0, o.offset) if (o := found.get(tp)) else 0 for tp in self.partitions}

    def _ends(self) -> Marks | None:
        ends = {tp: self.consumer.highwater(tp) for tp in self.partitions}
        return None if None in ends.values() else {tp: int(e or 0) for tp, e in ends.items()}

    def _read(self, batches: dict[TopicPartition, list[ConsumerRecord]]) -> int:
        """Take in new records (decoding petition-events'); how many there were."""
        new = 0
        for tp, records in batches.items():
            for record in records:
                if record.offset < self.next[tp]:
                    continue
                new += 1
                self.next[tp] = record.offset + 1
                self.logged += tp.topic == self.topic
                if tp.topic == self.topic and (event := self._decode(record)) is not None:
                    self.decisions.append(event)
        return new

    def _decode(self, record: ConsumerRecord) -> Event | None:
        try:
            return self.codec.decode(
                record.value, topic=record.topic, partition=record.partition, offset=record.offset
            )
        except DecodeError:
            return None

    def close(self) -> None:
        self.consumer.close()
        self.admin.close()
