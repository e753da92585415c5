"""The bench's offline city: a log of the asked length, shaped like a real one."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.city import CityLog, city_log
from jiesu.bus.partitioning import partition_for
from jiesu.domain.events import ClockTicked, PetitionReceived
from jiesu.settings import Settings


@pytest.fixture(scope="module")
def city() -> CityLog:
    return city_log(Settings(), 4000, seed=7)


def test_the_log_has_exactly_the_events_asked_for(city: CityLog) -> None:
    assert len(city.entries) == 4000
    assert city.petitions == sum(isinstance(e.event, PetitionReceived) for e in city.entries)


def test_the_same_seed_gives_the_same_log(city: CityLog) -> None:
    again = city_log(Settings(), 4000, seed=7)
    assert [e.event.event_id for e in again.entries] == [e.event.event_id for e in city.entries]
    other = city_log(Settings(), 4000, seed=8)
    assert [e.event.event_id for e in other.entries] != [e.event.event_id for e in city.entries]


def test_handlers_act_and_petitions_close(city: CityLog) -> None:
    kinds = Counter(type(e.event).__name__ for e in city.entries)
    assert kinds["PetitionAccepted"] > 0.5 * city.petitions
    assert kinds["PetitionResolved"] > 0
    assert city.closed == kinds["PetitionClosed"] > 0


def test_inputs_are_what_channels_handlers_and_the_clock_write(city: CityLog) -> None:
    decided = {type(e.event).__name__ for e in city.entries if e.decided}
    written = {type(e.event).__name__ for e in city.inputs()}
    assert {"PetitionClassified", "PetitionRouted", "PetitionsLinked"} <= decided
    assert not written & {"PetitionClassified", "PetitionRouted", "PetitionsLinked"}
    assert {"PetitionReceived", "PetitionAccepted", "ClockTicked"} <= written
    assert not {"PetitionReceived", "PetitionAccepted"} & decided


def test_each_record_is_in_its_petitions_partition_and_ticks_in_every_one(
    city: CityLog,
) -> None:
    partitions = Settings().petition_partitions
    ticks: Counter[str] = Counter()
    for entry in city.entries:
        if isinstance(entry.event, ClockTicked):
            ticks[entry.event.causation_id or ""] += 1
        else:
            assert entry.partition == partition_for(entry.event.petition_id, partitions)
    complete = [n for n in ticks.values() if n == partitions]
    assert len(complete) >= len(ticks) - 1  # the last tick may be cut by the log's end
