"""`/api/changes`: the projector's change feed reaches a browser's event stream."""

from __future__ import annotations

import json
import queue
import threading
import time
from datetime import timedelta

import httpx
from sqlalchemy import create_engine, func, select

from jiesu.settings import Settings
from projections.models import OutboxEntry
from projections.web.app import create_app
from tests.access_support import city_headers
from tests.integration import test_dashboard_support as world


def listen(
    url: str, out: queue.Queue, stop: threading.Event, headers: dict[str, str] | None = None
) -> None:
    """Parse the SSE stream into (event, data) pairs until ``stop``."""
    with (
        httpx.Client(timeout=None, headers=headers) as client,
        client.stream("GET", url) as response,
    ):
        event = ""
        for line in response.iter_lines():
            if stop.is_set():
                return
            if line.startswith("event:"):
                event = line.partition(":")[2].strip()
            elif line.startswith("data:"):
                out.put((event, json.loads(line.partition(":")[2])))


def until_change(events: queue.Queue, petition_id: str, timeout_s: float) -> list[dict]:
    """Every change received up to and including the one of ``petition_id``'s row."""
    seen = []
    while True:
        kind, data = events.get(timeout=timeout_s)
        seen.append(data)
        if kind == "change" and data["entity"] == "petition" and data["id"] == petition_id:
            return seen


def test_a_committed_change_streams_to_subscribers_without_its_data(unique_topics: Settings):
    settings = unique_topics
    world.publish(settings, world.scenario())
    with world.ProjectorThread(settings, settings.database_url):
        world.wait_until_projected(settings, settings.database_url)
        with world.ServedApp(create_app(settings)) as served:
            events: queue.Queue = queue.Queue()
            stop = threading.Event()
            reader = threading.Thread(
                target=listen,
                args=(f"{served.url}/api/changes", events, stop, city_headers(settings)),
                daemon=True,
            )
            reader.start()
            assert events.get(timeout=30) == ("ready", {"live": True})
            petition, made = world.new_petition("LIVE", world.T0 + timedelta(hours=13))
            world.publish(settings, made)
            change = until_change(events, petition, timeout_s=20)[-1]
            stop.set()
    assert change == {"entity": "petition", "id": petition, "op": "upsert", "petition_id": petition}


def wait_until_drained(url: str, timeout_s: float = 30.0) -> None:
    """The outbox is sent after each commit: wait until the feed holds every old change."""
    engine = create_engine(url)
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                if not conn.execute(select(func.count()).select_from(OutboxEntry)).scalar_one():
                    return
            time.sleep(0.1)
    finally:
        engine.dispose()
    raise TimeoutError("the projector's outbox was not drained")


def test_changes_before_the_dashboard_started_are_not_replayed(unique_topics: Settings):
    settings = unique_topics
    world.publish(settings, world.scenario())
    with world.ProjectorThread(settings, settings.database_url):
        world.wait_until_projected(settings, settings.database_url)
        wait_until_drained(settings.database_url)
        with world.ServedApp(create_app(settings)) as served:
            events: queue.Queue = queue.Queue()
            stop = threading.Event()
            threading.Thread(
                target=listen,
                args=(f"{served.url}/api/changes", events, stop, city_headers(settings)),
                daemon=True,
            ).start()
            assert events.get(timeout=30)[0] == "ready"
            petition, made = world.new_petition("AFTER", world.T0 + timedelta(hours=14))
            world.publish(settings, made)
            seen = until_change(events, petition, timeout_s=20)
            while "stats" not in {change["entity"] for change in seen}:
                seen.append(events.get(timeout=20)[1])  # the same commit's statistics row
            stop.set()
    old = {world.P1, world.P2, world.P3, world.P4, world.P5, world.P6, world.P7}
    assert not [change for change in seen if change.get("id") in old]
    assert {change["entity"] for change in seen} >= {"petition", "event", "stats"}
