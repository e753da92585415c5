"""`jiesu simulate` straight to the real broker: counts, determinism, handlers on decisions."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from kafka.consumer.fetcher import ConsumerRecord
from typer.testing import CliRunner

from jiesu.bus.publisher import Publisher
from jiesu.bus.reading import read_partition_until_caught_up
from jiesu.bus.topics import ensure_topics
from jiesu.config.city import load_city
from jiesu.demo.follow import Follower
from jiesu.domain.events import (
    PetitionAccepted,
    PetitionEscalated,
    PetitionResolved,
    PetitionReturned,
    PetitionRouted,
)
from jiesu.domain.lifecycle import HANDLER_ACTIONS
from jiesu.settings import Settings, get_settings
from producers.simulator.commands import Commands
from producers.simulator.core import Simulation
from producers.simulator.kafka_io import BrokerFeed, BrokerTarget
from producers.simulator.live import Runner
from producers.simulator.traffic import SimulationConfig
from schemas.codec import default_codec
from streams.petitions.commands import fact_id
from tests.integration.test_streams_support import WorkerProcess

SMALL = SimulationConfig(seed=42, petitions=30, days=0.5, tail_days=0.0)


def records(settings: Settings, topic: str, partitions: int) -> dict[int, list[ConsumerRecord]]:
    return {
        p: [r for batch in read_partition_until_caught_up(settings, topic, p) for r in batch]
        for p in range(partitions)
    }


def test_a_small_simulation_publishes_the_expected_counts(unique_topics: Settings) -> None:
    counts = simulate_at(unique_topics, SMALL)
    assert counts == Counter(PetitionReceived=30, ClockTicked=12 * 6 + 1)
    codec = default_codec(unique_topics)
    on_topic = records(unique_topics, unique_topics.petition_events_topic, 6)
    decoded = [codec.decode(r.value) for rs in on_topic.values() for r in rs]
    assert sorted(e.event_id for e in decoded) == sorted(
        e.event_id for e in Simulation(load_city(), SMALL).petitions
    )
    assert all(
        r.key.decode() == codec.decode(r.value).petition_id for rs in on_topic.values() for r in rs
    )
    ticks = records(unique_topics, unique_topics.clock_topic, 1)[0]
    times = [codec.decode(r.value).event_time for r in ticks]
    assert times == [SMALL.start + timedelta(minutes=10 * i) for i in range(73)]


def test_the_same_seed_publishes_byte_identical_records(unique_topics: Settings) -> None:
    again = unique_topics.model_copy(
        update={
            "petition_events_topic": unique_topics.petition_events_topic + "-again",
            "clock_topic": unique_topics.clock_topic + "-again",
        }
    )
    ensure_topics(again)
    simulate_at(unique_topics, SMALL)
    simulate_at(again, SMALL)
    for topic, twin, partitions in (
        (unique_topics.petition_events_topic, again.petition_events_topic, 6),
        (unique_topics.clock_topic, again.clock_topic, 1),
    ):
        first = records(unique_topics, topic, partitions)
        second = records(again, twin, partitions)
        assert {p: [(r.key, r.value) for r in rs] for p, rs in first.items()} == {
            p: [(r.key, r.value) for r in rs] for p, rs in second.items()
        }


def test_handlers_act_by_commands_the_real_processor_decides(
    unique_topics: Settings, tmp_path: Path
) -> None:
    """Every action on petition-events is a fact the processor appended for a command on
    petition-commands, for the unit it was assigned to; no command reached the log as is.
    Paced as the demo paces it: each stretch goes out once the worker is quiet."""
    quick = {"JIESU_COMMIT_INTERVAL_S": "0.05"}
    worker = WorkerProcess(unique_topics, tmp_path / "worker.log", env=quick)
    config = SimulationConfig(seed=3, petitions=4, days=0.25, tail_days=1.0, tick_minutes=60)
    try:
        feed = Follower(unique_topics, default_codec(unique_topics))
        counts = simulate_at(unique_topics, config, quiet=feed)
    finally:
        worker.stop()
    assert counts["PetitionReceived"] == 4
    assert counts["PetitionAccepted"] + counts["PetitionReturned"] >= 4
    assert 0 < counts["PetitionResolved"] <= counts["PetitionAccepted"]
    codec = default_codec(unique_topics)
    commands = [
        codec.decode(r.value)
        for rs in records(unique_topics, unique_topics.petition_commands_topic, 6).values()
        for r in rs
    ]
    assert Counter(type(c).__name__ for c in commands) == +Counter(
        {k: n for k, n in counts.items() if k not in ("PetitionReceived", "ClockTicked")}
    )
    on_topic = records(unique_topics, unique_topics.petition_events_topic, 6)
    events = [codec.decode(r.value) for rs in on_topic.values() for r in rs]
    facts = {e.event_id: e for e in events if isinstance(e, HANDLER_ACTIONS)}
    assert facts
    assert set(facts) <= {fact_id(c.event_id) for c in commands}
    assert not {c.event_id for c in commands} & {e.event_id for e in events}
    assigned: dict[str, set[str]] = {}
    for e in events:
        if isinstance(e, PetitionRouted | PetitionEscalated):
            unit = e.unit if isinstance(e, PetitionRouted) else e.to_unit
            assigned.setdefault(e.petition_id, set()).add(unit)
    for action in facts.values():
        if isinstance(action, PetitionAccepted | PetitionResolved | PetitionReturned):
            assert action.unit in assigned[action.petition_id]
            assert action.actor == f"unit:{action.unit}"


def simulate_at(
    settings: Settings, config: SimulationConfig, quiet: Follower | None = None
) -> Counter[str]:
    """Run ``config`` as fast as it goes, handlers answering what the log held by then (or,
    with ``quiet``, once the processors are quiet)."""
    codec = default_codec(settings)
    publisher = Publisher(settings, codec)
    feed: BrokerFeed | Follower = quiet or BrokerFeed(settings, codec)
    try:
        target = BrokerTarget(publisher, Commands(settings, publisher, codec))
        try:
            return Runner(Simulation(load_city(), config), target, feed).run()
        finally:
            target.close()
    finally:
        feed.close()
        publisher.close()


def test_the_simulate_command_prints_what_it_published(
    unique_topics: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jiesu.cli import app

    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", unique_topics.kafka_bootstrap_servers or "")
    monkeypatch.setenv("JIESU_PETITION_EVENTS_TOPIC", unique_topics.petition_events_topic)
    monkeypatch.setenv("JIESU_CLOCK_TOPIC", unique_topics.clock_topic)
    get_settings.cache_clear()
    try:
        args = [
            "simulate",
            "--petitions",
            "12",
            "--days",
            "0.25",
            "--tail-days",
            "0",
            "--seed",
            "9",
        ]
        result = CliRunner().invoke(app, args)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "PetitionReceived │ 12" in result.output
    assert "ClockTicked      │ 37" in result.output


def test_a_malformed_start_is_refused_with_the_option_named() -> None:
    from jiesu.cli import app

    result = CliRunner().invoke(app, ["simulate", "--start", "yesterday"])
    assert result.exit_code == 2
    assert "--start" in result.output
