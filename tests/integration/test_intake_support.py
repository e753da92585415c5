"""Shared helpers of the intake tests: an app on the real broker, what landed on the topic."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from jiesu.bootstrap.intake import intake_app
from jiesu.bus.publisher import Publisher
from jiesu.bus.reading import read_partition_until_caught_up
from jiesu.domain.events import Event
from jiesu.erasure.opening import opening_codec
from jiesu.settings import Settings
from producers.credentials import load_credentials
from producers.dev_credentials import generate_dev_credentials
from schemas.codec import default_codec
from tests.intake_samples import ChannelKeys

GRIDS = ["zd.cz.cg.c01.g1", "zd.cz.cg.c02.g1"]


class Harness(ChannelKeys):
    """The intake app on real Kafka and SQLite, with freshly generated credentials."""

    def __init__(self, settings: Settings, **overrides: Any) -> None:
        self.settings = settings
        self.secrets = generate_dev_credentials(settings.data_dir / "channels.yaml", GRIDS)
        self.publisher = Publisher(settings, default_codec(settings))
        self.engine = create_engine(settings.database_url)
        options: dict[str, Any] = {"publisher": self.publisher, "engine": self.engine}
        options["credentials"] = load_credentials(settings)
        self.app = intake_app(settings, **(options | overrides))
        self.client = TestClient(self.app)

    def events(self) -> list[Event]:
        return published(self.settings)

    def commands(self) -> list[Event]:
        """The handlers' commands the intake published (no processor decides them here)."""
        return published(self.settings, topic=self.settings.petition_commands_topic)

    def close(self) -> None:
        self.client.close()
        self.publisher.close()
        self.engine.dispose()


def published(settings: Settings, opened: bool = True, topic: str | None = None) -> list[Event]:
    """Every event on the petition-events topic (or ``topic``), decoded, personal fields
    opened with the keys beside the intake (``opened=False``: as sealed on the log)."""
    codec = opening_codec(settings) if opened else default_codec(settings)
    found: list[Event] = []
    topic = topic or settings.petition_events_topic
    for partition in range(settings.petition_partitions):
        for batch in read_partition_until_caught_up(settings, topic, partition, timeout_s=30):
            found += [
                codec.decode(r.value, topic=topic, partition=partition, offset=r.offset)
                for r in batch
            ]
    return found


@pytest.fixture
def harness(unique_topics: Settings) -> Iterator[Harness]:
    made = Harness(unique_topics)
    yield made
    made.close()


def settings_in(tmp_path: Path, **changes: Any) -> Settings:
    return Settings(
        data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", **changes
    )
