"""A city's event log of a given length, made offline with the processors' own pure code.

The simulator plans petitions and ticks, and its handlers sign for, resolve and call back
what was decided; the decisions come from the same policy, partition fold and link index
the stream worker runs, fed in the order the worker would see them. So the log has a real
log's shape: petitions close, and the open ones are as many as the city's rate times its
handling time, however long the log grows. (A log of receptions alone would keep every
petition open forever, and every deadline would breach.)

Each record is marked as an input (what the channels, the handlers and the clock agent
write: receptions, actions, tick copies) or a decision (what the stream worker writes):
the streams stage publishes the inputs and lets a real worker decide; the other stages
read the whole log.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from bench.log import Record, encode_all
from jiesu.bus.partitioning import partition_for
from jiesu.config.city import load_city
from jiesu.config.linking import link_index_factory
from jiesu.config.policy import load_policy
from jiesu.domain.events import (
    ClockTicked,
    Event,
    GroupCaseResolved,
    PetitionClosed,
    PetitionReceived,
)
from jiesu.domain.linking import LinkIndex
from jiesu.settings import Settings
from producers.simulator.core import Simulation
from producers.simulator.traffic import SimulationConfig
from schemas.codec import Codec
from streams.clock.agents import fanned_out
from streams.linking.fold import per_petition
from streams.petitions.fold import PartitionFold

PER_DAY = 2_000
"""Petitions a simulated day: a mid-size city's (Beijing's 70,000 spread over its 16
districts is about 4,400 a district). Low enough that a 10⁶-event log spans two months,
many times the handling time, so what grows with the log and what does not can be told."""
EVENTS_PER_PETITION = 6
"""A floor for events a petition brings (reception, classification, routing, signing for,
resolution, call-back, closing, tick copies): petitions planned = events / this."""


@dataclass(frozen=True)
class Entry:
    """One record of the log: its partition, its event, and whether the worker writes it."""

    partition: int
    event: Event
    decided: bool


@dataclass
class CityLog:
    """A city's log in append order (each partition's records in their offset order)."""

    entries: list[Entry]
    petitions: int
    closed: int

    def inputs(self) -> list[Entry]:
        return [e for e in self.entries if not e.decided]


@dataclass
class OfflineProcessors:
    """The stream worker's folds and link index, without Kafka: each record appended to a
    partition is folded at once, and what it decides is appended after it."""

    partitions: int
    folds: list[PartitionFold]
    links: LinkIndex
    entries: list[Entry] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    appended: list[Event] = field(default_factory=list)

    @classmethod
    def of(cls, settings: Settings) -> OfflineProcessors:
        policy, n = load_policy(settings), settings.petition_partitions
        folds = [PartitionFold(policy, p, settings.dedupe_window) for p in range(n)]
        return cls(n, folds, link_index_factory(settings.config_dir)(), offsets=[0] * n)

    def send(self, events: Sequence[Event]) -> None:
        """Take what the channels, the handlers and the clock publish, in time order."""
        for event in events:
            if isinstance(event, ClockTicked):
                for p in range(self.partitions):
                    self._append(p, fanned_out(event, p), decided=False)
                continue
            self._append(self._partition(event), event, decided=False)
            if isinstance(event, PetitionReceived):
                for link in self.links.add(event):
                    for copy in per_petition(link):
                        self._append(self._partition(copy), copy, decided=True)
                for late in self.links.late_resolutions():
                    self._append(self._partition(late), late, decided=True)

    def read_back(self) -> list[Event]:
        """What was appended since the last call: the simulator's handlers read the whole
        log, as they do through Kafka."""
        taken, self.appended = self.appended, []
        return taken

    def _partition(self, event: Event) -> int:
        return partition_for(event.petition_id, self.partitions)

    def _append(self, partition: int, event: Event, decided: bool) -> None:
        outputs = self._fold(partition, event, decided)
        for output in outputs:
            self._fold(partition, output, decided=True)  # comes back: consumed silently
            if isinstance(output, GroupCaseResolved):  # the linker copies it to the members
                for copy in self.links.resolve(output):
                    self._append(self._partition(copy), copy, decided=True)

    def _fold(self, partition: int, event: Event, decided: bool) -> list[Event]:
        self.entries.append(Entry(partition, event, decided))
        self.appended.append(event)
        offset = self.offsets[partition]
        self.offsets[partition] += 1
        return self.folds[partition].feed(event, offset)


def encode_entries(codec: Codec, entries: Sequence[Entry]) -> list[Record]:
    """The entries as the bench produces them, each in its partition."""
    return encode_all(codec, [e.event for e in entries], [e.partition for e in entries])


def city_log(settings: Settings, events: int, seed: int) -> CityLog:
    """The first ``events`` records of a simulated city's log (seeded, so reproducible)."""
    planned = max(20, math.ceil(events / EVENTS_PER_PETITION))
    config = SimulationConfig(
        seed=seed, petitions=planned, days=planned / PER_DAY, pii_key=settings.pii_key
    )
    simulation = Simulation(load_city(), config)
    stride = timedelta(minutes=config.tick_minutes)
    processors = OfflineProcessors.of(settings)
    while len(processors.entries) < events and (moment := simulation.next_time()) is not None:
        due = simulation.due(moment + stride, limit=10_000)
        processors.send(due)
        simulation.observe(processors.read_back(), due[-1].event_time)
    entries = processors.entries[:events]
    received = sum(isinstance(e.event, PetitionReceived) for e in entries)
    closed = sum(isinstance(e.event, PetitionClosed) for e in entries)
    return CityLog(entries, received, closed)
