"""`jiesu simulate --intake`: the simulation through the real intake app into the broker."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from jiesu.bootstrap.intake import intake_app
from jiesu.bus.publisher import Publisher
from jiesu.bus.reading import read_partition_until_caught_up
from jiesu.config.city import load_city
from jiesu.domain.events import PetitionReceived
from jiesu.settings import Settings
from producers.credentials import credentials_from_data
from producers.dev_credentials import generate_dev_credentials
from producers.simulator.commands import Commands
from producers.simulator.core import Simulation
from producers.simulator.intake_target import IntakeTarget
from producers.simulator.kafka_io import BrokerFeed, BrokerTarget
from producers.simulator.live import Runner
from producers.simulator.traffic import SimulationConfig
from schemas.codec import default_codec


def test_simulated_petitions_of_every_channel_pass_through_the_intake(
    unique_topics: Settings, tmp_path: Path
) -> None:
    grids = [g.code for g in load_city().grids()]
    secrets = generate_dev_credentials(tmp_path / "channels.yaml", grids)
    data = yaml.safe_load((tmp_path / "channels.yaml").read_text(encoding="utf-8"))
    codec = default_codec(unique_topics)
    publisher = Publisher(unique_topics, codec)
    app = intake_app(
        unique_topics,
        publisher=publisher,
        engine=create_engine(unique_topics.database_url),
        credentials=credentials_from_data(data, []),
    )
    start = (datetime.now(UTC) - timedelta(days=1)).replace(microsecond=0)
    config = SimulationConfig(seed=8, petitions=25, days=0.2, tail_days=0.0, start=start)
    simulation = Simulation(load_city(), config)
    feed = BrokerFeed(unique_topics, codec)
    with TestClient(app) as client:
        broker = BrokerTarget(publisher, Commands(unique_topics, publisher, codec))
        target = IntakeTarget("http://testserver", secrets, broker, client)
        counts = Runner(simulation, target, feed).run()
        broker.close()
    feed.close()
    publisher.close()
    assert target.refused == Counter()
    assert counts["PetitionReceived"] == 25
    received = [
        codec.decode(r.value)
        for p in range(unique_topics.petition_partitions)
        for batch in read_partition_until_caught_up(
            unique_topics, unique_topics.petition_events_topic, p
        )
        for r in batch
    ]
    channels = Counter(e.channel for e in received if isinstance(e, PetitionReceived))
    assert channels == Counter(p.channel for p in simulation.petitions)
