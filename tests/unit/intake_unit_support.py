"""The intake app on the unit-tier fakes: in-memory publisher and read model, SQLite ledger.

For route tests that need no broker behaviour (validation, credentials, 4xx field errors,
Open311 parameters); what the broker does with a petition is the integration tier's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from jiesu.domain.events import Event
from jiesu.settings import Settings
from producers.credentials import load_credentials
from producers.dev_credentials import generate_dev_credentials
from producers.http.app import create_app
from tests.fakes import FakePublisher, FakeReadModel
from tests.intake_samples import ChannelKeys

GRIDS = ["zd.cz.cg.c01.g1", "zd.cz.cg.c02.g1"]


class FakeHarness(ChannelKeys):
    """The intake app with fresh credentials, publishing to :class:`FakePublisher`."""

    def __init__(self, tmp_path: Path, **overrides: Any) -> None:
        self.settings = Settings(
            data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'intake.db'}"
        )
        self.secrets = generate_dev_credentials(self.settings.data_dir / "channels.yaml", GRIDS)
        self.publisher = FakePublisher(self.settings)
        self.read_model = FakeReadModel()
        self.engine = create_engine(self.settings.database_url)
        options: dict[str, Any] = {
            "publisher": self.publisher,
            "engine": self.engine,
            "credentials": load_credentials(self.settings),
            "read_model": self.read_model,
        }
        self.app = create_app(self.settings, **(options | overrides))
        self.client = TestClient(self.app)

    def events(self) -> list[Event]:
        return self.publisher.events()

    def close(self) -> None:
        self.client.close()
        self.engine.dispose()


@pytest.fixture
def fake_harness(tmp_path: Path) -> Iterator[FakeHarness]:
    made = FakeHarness(tmp_path)
    yield made
    made.close()
