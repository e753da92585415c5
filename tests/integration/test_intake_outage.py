"""Broker stopped during intake → 503 with Retry-After, nothing remembered; back → accepted once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from jiesu.bus.embedded import EmbeddedBroker
from jiesu.bus.topics import ensure_topics
from jiesu.settings import Settings
from tests.integration.test_intake_support import Harness

TIMEOUT_S = 2.0


def order(call_id: str) -> dict[str, object]:
    return {
        "call_id": call_id,
        "agent_id": "A001",
        "call_time": "2026-11-22T08:00:00+08:00",
        "text": "暖气不热，室温只有十二度",
        "place": {"area": "zd.cz.cg.c03"},
    }


@pytest.fixture
def frozen_harness(tmp_path: Path) -> Iterator[tuple[Harness, EmbeddedBroker]]:
    with EmbeddedBroker() as broker:
        settings = Settings(
            kafka_bootstrap_servers=broker.bootstrap,
            database_url=f"sqlite:///{tmp_path / 'intake.db'}",
            data_dir=tmp_path / "data",
            publish_timeout_s=TIMEOUT_S,
        )
        ensure_topics(settings)
        harness = Harness(settings)
        try:
            yield harness, broker
        finally:
            broker.thaw()
            harness.close()


def test_a_stopped_broker_gives_503_and_the_retry_is_accepted_once(
    frozen_harness: tuple[Harness, EmbeddedBroker],
) -> None:
    harness, broker = frozen_harness
    auth = harness.auth("hotline_key")
    assert (
        harness.client.post("/hotline/work-orders", json=order("warm-up"), headers=auth).status_code
        == 202
    )
    broker.freeze()
    started = time.monotonic()
    down = harness.client.post("/hotline/work-orders", json=order("during-outage"), headers=auth)
    waited = time.monotonic() - started
    assert down.status_code == 503, down.text
    assert down.headers["Retry-After"].isdigit()
    assert down.json()["message_zh"] == "系统暂时无法受理，请稍后重试"
    assert waited < 4 * TIMEOUT_S + 5, "the publisher's bounded timeout applies"
    assert harness.app.state.ctx.intake.store.known([("HOTLINE", "during-outage")]) == {}
    broker.thaw()
    retry = harness.client.post("/hotline/work-orders", json=order("during-outage"), headers=auth)
    assert retry.status_code == 202, retry.text
    again = harness.client.post("/hotline/work-orders", json=order("during-outage"), headers=auth)
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    mine = [e for e in harness.events() if e.petition_id == retry.json()["petition_id"]]
    assert len({e.event_id for e in mine}) == 1, "a double publish carries the same event id"
