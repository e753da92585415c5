"""When a stream worker has taken in a whole backlog: its group's lag, from fetch responses.

The bench's own (it used to borrow the demo's pacing, which is the demo's to change). A
fresh consumer per look gives fresh high watermarks from a real fetch (ListOffsets is wrong
on some brokers); on a machine shared with other work its first fetch answer may take a
while, so a look waits up to :data:`FETCH_WAIT_S` for it.
"""

from __future__ import annotations

import time

from kafka import KafkaConsumer, TopicPartition

from jiesu.bus.reading import assigned_consumer
from jiesu.bus.topics import bootstrap_of
from jiesu.settings import Settings

FETCH_WAIT_S = 60.0
"""How long one look waits for the broker's first fetch answers."""


class Quiet:
    """Tells when a consumer group has committed every record of some partitions."""

    def __init__(self, settings: Settings, group_id: str, partitions: list[TopicPartition]):
        self.settings, self.partitions = settings, partitions
        self.group = KafkaConsumer(
            bootstrap_servers=bootstrap_of(settings), group_id=group_id, enable_auto_commit=False
        )
        self.last: dict[TopicPartition, int] = {}

    def highwaters(self) -> dict[TopicPartition, int]:
        """Fresh high watermarks, from a consumer that has never fetched before."""
        marks = assigned_consumer(self.settings, max_poll_records=1)
        try:
            marks.assign(self.partitions)
            for tp in self.partitions:
                marks.seek(tp, self.last.get(tp, 0))
            deadline = time.monotonic() + FETCH_WAIT_S
            while len(seen := self._seen(marks)) < len(self.partitions):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no fetch answer from the broker in {FETCH_WAIT_S}s")
                marks.poll(timeout_ms=50)
            self.last = seen
        finally:
            marks.close()
        return self.last

    def lag(self) -> int:
        """Records the group has not committed yet."""
        marks = self.highwaters()
        return sum(max(0, hw - (self.group.committed(tp) or 0)) for tp, hw in marks.items())

    def wait(self, timeout_s: float = 120.0, settle_s: float = 0.02) -> None:
        """Wait until the lag is zero twice in a row."""
        deadline, zero_in_a_row = time.monotonic() + timeout_s, 0
        while zero_in_a_row < 2:
            lag = self.lag()
            if time.monotonic() > deadline:
                raise TimeoutError(f"the stream worker still lags by {lag} records")
            zero_in_a_row = zero_in_a_row + 1 if lag == 0 else 0
            time.sleep(settle_s)

    def close(self) -> None:
        self.group.close()

    def _seen(self, marks: KafkaConsumer) -> dict[TopicPartition, int]:
        return {tp: hw for tp in self.partitions if (hw := marks.highwater(tp)) is not None}
