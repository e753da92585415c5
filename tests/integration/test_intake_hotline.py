"""The 12345 hotline endpoint, end to end through the real broker."""

from __future__ import annotations

from jiesu.domain.events import Channel, PetitionReceived
from jiesu.domain.ids import petition_id_for
from jiesu.settings import Settings
from tests.intake_samples import ORDER
from tests.integration.test_intake_support import Harness, harness

__all__ = ["harness"]


def test_a_work_order_is_published_after_the_broker_acknowledged(harness: Harness) -> None:
    answer = harness.client.post(
        "/hotline/work-orders", json=ORDER, headers=harness.auth("hotline_key")
    )
    assert answer.status_code == 202, answer.text
    body = answer.json()
    assert body["petition_id"] == petition_id_for("HOTLINE", ORDER["call_id"])
    assert body["duplicate"] is False
    assert body["phone_masked"] == "138****8000"
    assert "13800138000" not in answer.text
    (event,) = harness.events()
    assert isinstance(event, PetitionReceived)
    assert event.channel is Channel.HOTLINE
    assert event.petitioner.phone == "13800138000"
    assert event.petitioner.key
    assert event.petitioner.name == "王女士"
    assert event.location.grid == "zd.cz.cg.c01.g1"
    assert event.location.community == "zd.cz.cg"
    assert event.event_time.isoformat() == "2026-11-22T01:15:00+00:00"
    assert event.attributes["agent_id"] == ("A001",)


def test_the_same_call_id_is_a_duplicate_and_publishes_nothing_new(harness: Harness) -> None:
    first = harness.client.post(
        "/hotline/work-orders", json=ORDER, headers=harness.auth("hotline_key")
    )
    again = harness.client.post(
        "/hotline/work-orders", json=ORDER, headers=harness.auth("hotline_key")
    )
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["duplicate"] is True
    assert again.json()["petition_id"] == first.json()["petition_id"]
    assert len(harness.events()) == 1


def test_duplicates_are_recognised_on_sqlite_and_postgresql(
    unique_topics: Settings, database_url: str
) -> None:
    on_db = Harness(unique_topics.model_copy(update={"database_url": database_url}))
    try:
        orders = [ORDER | {"call_id": f"PG-{n}"} for n in range(3)]
        codes = [
            on_db.client.post(
                "/hotline/work-orders", json=o, headers=on_db.auth("hotline_key")
            ).status_code
            for o in orders
        ]
        again = [
            on_db.client.post(
                "/hotline/work-orders", json=o, headers=on_db.auth("hotline_key")
            ).status_code
            for o in orders
        ]
        assert codes == [202, 202, 202]
        assert again == [200, 200, 200]
        assert len(on_db.events()) == 3
    finally:
        on_db.close()
