"""Blue/green: rebuild into a new database, switch readers and the projector, no restart."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select

from jiesu.domain.ids import derived_id, petition_id_for
from jiesu.settings import Settings
from projections.models import Petition
from projections.pointer import ReadModelPointer
from projections.web.app import create_app
from tests.access_support import city_headers
from tests.factories import received
from tests.integration.test_projector_support import jiesu, publish, wait_caught_up


def petitions(n: int, first: int = 0) -> list:
    made = []
    for i in range(first, first + n):
        ref = f"CALL-BG-{i}"
        made.append(
            replace(received(), event_id=derived_id("bg", ref), channel_ref=ref,
                    petition_id=petition_id_for("HOTLINE", ref), correlation_id=ref)
        )  # fmt: skip
    return made


def count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(Petition)).scalar_one())
    finally:
        engine.dispose()


def test_replay_with_switch_moves_readers_and_the_projector_to_the_new_database(
    unique_topics: Settings, tmp_path: Path
) -> None:
    blue, green = f"sqlite:///{tmp_path / 'blue.db'}", f"sqlite:///{tmp_path / 'green.db'}"
    settings = unique_topics.model_copy(update={"database_url": blue})
    publish(settings, petitions(5))
    projector = jiesu(settings, blue, "project", log=tmp_path / "project.log")
    try:
        wait_caught_up(blue, settings)
        # Accounts live in DATABASE_URL (blue): the switch to green must not lose them.
        dashboard = TestClient(create_app(settings), headers=city_headers(settings))
        assert dashboard.get("/api/petitions").json()["total"] == 5

        rebuilt = jiesu(settings, blue, "replay", "--db", green, "--switch", "--no-progress")
        assert rebuilt.wait(timeout=120) == 0
        assert ReadModelPointer(settings).url() == green

        late = petitions(1, first=5)
        publish(settings, late)
        wait_caught_up(green, settings)
        assert count(green) == 6
        deadline = time.monotonic() + 10  # the readers look at the pointer every 0.5 s
        path = f"/api/petitions/{late[0].petition_id}"
        while dashboard.get(path).status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert dashboard.get(path).status_code == 200
        assert projector.poll() is None
    finally:
        projector.terminate()
        projector.wait(timeout=30)
