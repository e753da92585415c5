"""The worker's /metrics says when deadlines were counted on a year known only from the law
(provisional), and how many."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import httpx

from jiesu.bus.embedded import free_port
from jiesu.settings import Settings
from tests.factories import received
from tests.integration.stack_support import total
from tests.integration.test_streams_support import WorkerProcess, publish

IN_2037 = datetime(2037, 3, 2, 2, tzinfo=UTC)
"""A Monday of a year no chinese-calendar release will know for a long while."""


def metrics(port: int) -> str:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=2).text
    except httpx.HTTPError:
        return ""


def test_a_year_known_only_from_the_law_shows_on_the_metrics_page(
    unique_topics: Settings, tmp_path: Path
) -> None:
    port = free_port()
    worker = WorkerProcess(
        unique_topics, tmp_path / "worker.log", env={"JIESU_STREAMS_METRICS_PORT": str(port)}
    )
    try:
        petition = replace(
            received(),
            text="小区电梯多次反映一直没修，维修基金申请不下来，物业推诿。",
            event_time=IN_2037,
            recorded_time=IN_2037,
        )
        publish(unique_topics, [petition])
        deadline = time.monotonic() + 90
        seen = ""
        while time.monotonic() < deadline and not (
            total(seen, "jiesu_calendar_provisional_deadlines")
            and total(seen, "jiesu_streams_fold_entries", what="open_petitions")
        ):  # a takeover folds the log before its partition shows: the gauge may come first
            time.sleep(0.5)
            seen = metrics(port)
        assert total(seen, "jiesu_calendar_law_derived_years", year="2037") == 1
        assert total(seen, "jiesu_calendar_law_derived_years") == 1  # no other year
        provisional = total(seen, "jiesu_calendar_provisional_deadlines")
        assert provisional >= 1
        assert total(seen, "jiesu_calendar_deadlines") >= provisional
        assert total(seen, "jiesu_calendar_fallback_dates") == 0
        assert total(seen, "jiesu_streams_fold_entries", what="open_petitions") == 1
        assert "2037 arrangement" in worker.log_text()
    finally:
        worker.stop()
