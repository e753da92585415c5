"""The worker's /metrics page says when deadlines were counted on a year known only from the
law (provisional), and how many."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import httpx

from jiesu.bus.embedded import free_port
from jiesu.settings import Settings
from tests.factories import received
from tests.integration.test_streams_support import WorkerProcess, publish

IN_2037 = datetime(2037, 3, 2, 2, tzinfo=UTC)
"""A Monday of a year no chinese-calendar release will know for a long while."""


def metrics(port: int) -> dict:
    try:
        return dict(httpx.get(f"http://127.0.0.1:{port}/metrics/", timeout=2).json())
    except (httpx.HTTPError, ValueError):
        return {}


def open_petitions(page: dict) -> int:
    return sum(p["open_petitions"] for p in page.get("partitions", {}).values())


def test_a_year_known_only_from_the_law_shows_on_the_metrics_page(
    unique_topics: Settings, tmp_path: Path
) -> None:
    port = free_port()
    worker = WorkerProcess(unique_topics, tmp_path / "worker.log", "--web-port", str(port))
    try:
        petition = replace(
            received(),
            text="小区电梯多次反映一直没修，维修基金申请不下来，物业推诿。",
            event_time=IN_2037,
            recorded_time=IN_2037,
        )
        publish(unique_topics, [petition])
        deadline = time.monotonic() + 90
        seen: dict = {}
        while time.monotonic() < deadline and not (
            seen.get("calendar_provisional_deadlines") and open_petitions(seen)
        ):  # a takeover folds the log before its partition shows: the gauge may come first
            time.sleep(0.5)
            seen = metrics(port)
        assert seen["calendar_law_derived_years"] == [2037]
        assert seen["calendar_provisional_deadlines"] >= 1
        assert seen["calendar_deadlines"] >= seen["calendar_provisional_deadlines"]
        assert (seen["calendar_fallback_days"], seen["calendar_fallback_years"]) == (0, [])
        assert open_petitions(seen) == 1
        assert "2037 arrangement" in worker.log_text()
    finally:
        worker.stop()
