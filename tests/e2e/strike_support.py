"""Striking a running city: its stream worker and projector SIGKILLed together at the moment
the worker's first decisions of a busy stretch reach the log, when both are in the middle of
their work, then started again. Whether they really were is measured, not assumed."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kafka import TopicPartition
from sqlalchemy import create_engine, select
from sqlalchemy.exc import SQLAlchemyError

from jiesu.bus.reading import assigned_consumer
from jiesu.settings import Settings
from projections.models import Position
from tests.e2e.city_support import Stack, decisions, quiet_of, read_log
from tests.integration.test_projector_support import log_end, positions


@dataclass(frozen=True)
class MidFlow:
    """Where things stood when a strike landed (measured with both processes dead)."""

    lag: int
    """Records of the processors' topics their group had not committed."""
    projected: int
    """Offsets the projector had committed with its rows, over every partition."""
    log_end: int
    """The partitions' high watermarks, summed."""
    decided: int
    """Decisions already on the log."""

    @property
    def really(self) -> bool:
        """Some but not all work done, by both."""
        return self.lag > 0 and self.decided > 0 and 0 < self.projected < self.log_end


class Tail:
    """petition-events followed with a 2 ms fetch wait (the projector waits 8 ms, see
    :data:`jiesu.demo.stack.LATENCY`): tells the moment a record the city did not send
    appears."""

    def __init__(self, settings: Settings) -> None:
        self.consumer = assigned_consumer(settings, fetch_max_wait_ms=2)
        topic = settings.petition_events_topic
        tps = [TopicPartition(topic, p) for p in range(settings.petition_partitions)]
        self.consumer.assign(tps)
        for tp in tps:
            self.consumer.seek(tp, 0)
        self.tps = tps

    def drain(self) -> None:
        """Read up to every partition's high watermark (the log is quiet meanwhile)."""
        while not all(
            (hw := self.consumer.highwater(tp)) is not None and self.consumer.position(tp) >= hw
            for tp in self.tps
        ):
            self.consumer.poll(timeout_ms=100)

    def outputs(self, sent: set[str], quiet_s: float) -> Iterator[tuple[int, int]]:
        """(partition, offset) of each new record whose id the city did not send, until
        none came for ``quiet_s`` seconds."""
        last = time.monotonic()
        while time.monotonic() - last < quiet_s:
            for tp, batch in self.consumer.poll(timeout_ms=20).items():
                for record in batch:
                    if dict(record.headers).get("event_id", b"").decode() not in sent:
                        last = time.monotonic()
                        yield tp.partition, record.offset

    def close(self) -> None:
        self.consumer.close()


class Strike:
    """SIGKILLs a city's worker and projector at the moment the worker's decisions of a
    stretch of ``busy`` events or more reach the log while the projector has yet to commit
    them, once for each number of events out in ``at``, and starts both again. A stretch
    where the projector was never seen behind passes without a strike; a strike that still
    found either one idle (measured afterwards) is tried again at the next stretch, at most
    ``tries`` strikes per moment."""

    def __init__(self, stack: Stack, at: Sequence[int], busy: int = 4, tries: int = 3) -> None:
        self.stack, self.busy, self.tries = stack, busy, tries
        self.pending = sorted(at)
        self.landed: list[MidFlow] = []
        self.tail = Tail(stack.settings)
        self.read_model = create_engine(stack.url)
        self._tried = 0

    def before(self, sent: set[str]) -> None:
        if self.pending and len(sent) >= self.pending[0]:
            self.tail.drain()

    def after(self, stretch: int, sent: set[str]) -> None:
        if not self.pending or len(sent) - stretch < self.pending[0] or stretch < self.busy:
            return
        if not any(self._behind(p, o) for p, o in self.tail.outputs(sent, quiet_s=1.0)):
            return
        self.stack.kill()
        self.landed.append(self.measure(sent))
        self.stack.start()
        self._tried += 1
        if self.landed[-1].really or self._tried >= self.tries:
            self.pending.pop(0)
            self._tried = 0

    def _behind(self, partition: int, offset: int) -> bool:
        """Whether the projector has not committed ``offset`` of ``partition`` yet."""
        topic = self.stack.settings.petition_events_topic
        try:
            with self.read_model.connect() as conn:
                done = conn.scalar(
                    select(Position.next_offset).where(
                        Position.projection == "petitions",
                        Position.topic == topic,
                        Position.partition == partition,
                    )
                )
        except SQLAlchemyError:  # no tables yet
            return False
        return done is not None and done <= offset

    def measure(self, sent: set[str]) -> MidFlow:
        settings, quiet = self.stack.settings, quiet_of(self.stack.settings)
        try:
            lag = quiet.backlog()
        finally:
            quiet.close()
        try:
            projected = sum(positions(self.stack.url, settings).values())
        except SQLAlchemyError:  # killed before it created its tables
            projected = 0
        end = sum(log_end(settings).values())
        return MidFlow(lag, projected, end, len(decisions(read_log(settings), sent)))

    def close(self) -> None:
        self.tail.close()
        self.read_model.dispose()
