"""The worker's /metrics page says loudly when deadlines fell back to weekends only."""

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

IN_2027 = datetime(2027, 3, 1, 2, tzinfo=UTC)  # a year chinese-calendar does not know


def metrics(port: int) -> dict:
    try:
        return dict(httpx.get(f"http://127.0.0.1:{port}/metrics/", timeout=2).json())
    except (httpx.HTTPError, ValueError):
        return {}


def open_petitions(page: dict) -> int:
    return sum(p["open_petitions"] for p in page.get("partitions", {}).values())


def test_a_year_without_holiday_data_shows_on_the_metrics_page(
    unique_topics: Settings, tmp_path: Path
) -> None:
    port = free_port()
    worker = WorkerProcess(unique_topics, tmp_path / "worker.log", "--web-port", str(port))
    try:
        petition = replace(
            received(),
            text="小区电梯多次反映一直没修，维修基金申请不下来，物业推诿。",
            event_time=IN_2027,
            recorded_time=IN_2027,
        )
        publish(unique_topics, [petition])
        deadline = time.monotonic() + 90
        seen: dict = {}
        while time.monotonic() < deadline and not (
            seen.get("calendar_fallback_days") and open_petitions(seen)
        ):  # a takeover folds the log before its partition shows: the gauge may come first
            time.sleep(0.5)
            seen = metrics(port)
        assert seen["calendar_fallback_years"] == [2027]
        assert seen["calendar_fallback_days"] > 0
        assert open_petitions(seen) == 1
        assert "2027" in worker.log_text()
    finally:
        worker.stop()
