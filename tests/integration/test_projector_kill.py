"""SIGKILL the projector process mid-batch, restart it: the read models end exactly as an
uninterrupted rebuild's (positions commit with the rows, so nothing is lost or doubled)."""

from __future__ import annotations

import signal
import time

from projections.dump import dump_json
from projections.replay import replay
from tests.integration.test_projector_support import (
    jiesu,
    log_end,
    positions,
    publish,
    wait_caught_up,
)
from tests.unit.test_projection_support import city_events

EVENTS, TRUTH = city_events(150, seed=21)


def test_a_killed_projector_resumes_without_loss_or_double_counting(
    unique_topics, database_url, sqlite_url, tmp_path
):
    publish(unique_topics, EVENTS, tick_hours=24)
    total = sum(log_end(unique_topics).values())
    log = tmp_path / "project.log"
    kills = 0
    for _ in range(3):
        process = jiesu(unique_topics, database_url, "project", "--batch-size", "25", log=log)
        done = _wait_for_progress(unique_topics, database_url, total, process)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        kills += done < total
    assert kills >= 2, "the projector should have been killed mid-log at least twice"
    process = jiesu(unique_topics, database_url, "project", "--batch-size", "25", log=log)
    try:
        wait_caught_up(database_url, unique_topics, timeout_s=300)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    assert replay(unique_topics, sqlite_url, show_progress=False) > 0
    assert dump_json(database_url) == dump_json(sqlite_url)


def _wait_for_progress(settings, url: str, total: int, process, timeout_s: float = 120.0) -> int:
    """Wait until the projector has committed more than before, then return where it is."""
    start = _done(settings, url)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert process.poll() is None, "the projector exited on its own"
        done = _done(settings, url)
        if done > start or done >= total:
            time.sleep(0.15)  # land inside a later batch
            return _done(settings, url)
        time.sleep(0.05)
    raise TimeoutError("the projector made no progress")


def _done(settings, url: str) -> int:
    try:
        return sum(positions(url, settings).values())
    except Exception:
        return 0
