"""Grid workers' reports (single and offline batch) and the walk-in counter, through Kafka."""

from __future__ import annotations

from jiesu.domain.events import Channel, PetitionReceived
from tests.integration.test_intake_support import Harness, harness

__all__ = ["harness"]


def report(
    item: str, captured: str = "2026-11-21T16:30:00+08:00", **extra: object
) -> dict[str, object]:
    return {
        "client_item_id": item,
        "captured_at": captured,
        "text": f"巡查发现：楼道堆物 {item}",
    } | extra


def test_a_batch_keeps_capture_times_and_answers_per_item(harness: Harness) -> None:
    items = [
        report("i-1"),
        report("i-2", "2026-11-21T17:45:00+08:00", place={"area": "zd.cz.cg.c02.g1"}),
        report("i-1"),
        {"client_item_id": "i-3", "text": "没有时间"},
        report("i-4", petitioner={"phone": "not a phone"}),
    ]
    answer = harness.client.post(
        "/grid/reports/batch", json={"items": items}, headers=harness.worker_auth()
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [i["result"] for i in body["items"]] == [
        "accepted",
        "accepted",
        "duplicate",
        "rejected",
        "rejected",
    ]
    assert (body["accepted"], body["duplicate"], body["rejected"]) == (2, 1, 2)
    assert body["items"][3]["errors"][0]["field"] == "captured_at"
    assert body["items"][4]["errors"][0]["field"] == "petitioner.phone"
    assert "not a phone" not in answer.text
    events = sorted(harness.events(), key=lambda e: e.event_time)
    assert [e.event_time.isoformat() for e in events] == [
        "2026-11-21T08:30:00+00:00",
        "2026-11-21T09:45:00+00:00",
    ]
    first, second = events
    assert isinstance(first, PetitionReceived)
    assert isinstance(second, PetitionReceived)
    assert first.channel is Channel.GRID_APP
    assert first.channel_ref == "w-001:i-1"
    assert first.location.grid == "zd.cz.cg.c01.g1", "no place: the worker's own grid"
    assert second.location.grid == "zd.cz.cg.c02.g1"


def test_a_resynced_batch_is_all_duplicates(harness: Harness) -> None:
    items = [report("a"), report("b")]
    harness.client.post("/grid/reports/batch", json={"items": items}, headers=harness.worker_auth())
    again = harness.client.post(
        "/grid/reports/batch", json={"items": items}, headers=harness.worker_auth()
    )
    assert [i["result"] for i in again.json()["items"]] == ["duplicate", "duplicate"]
    assert len(harness.events()) == 2


def test_two_workers_may_use_the_same_client_id(harness: Harness) -> None:
    one = harness.client.post(
        "/grid/reports", json=report("x"), headers=harness.worker_auth("w-001")
    )
    two = harness.client.post(
        "/grid/reports", json=report("x"), headers=harness.worker_auth("w-002")
    )
    assert (one.status_code, two.status_code) == (202, 202)
    assert one.json()["petition_id"] != two.json()["petition_id"]


def test_a_walk_in_form_is_published_with_window_and_clerk(harness: Harness) -> None:
    form = {
        "form_no": "ZX-20261122-031",
        "window": 1,
        "clerk": "C01",
        "text": "纺织厂退休职工工龄认定问题，希望尽快解决",
        "employer": "淄博某纺织厂",
        "place": {"area": "zd.cz"},
        "petitioner": {"name": "赵师傅", "phone": "13912345678"},
    }
    answer = harness.client.post(
        "/walk-in/petitions", json=form, headers=harness.auth("walkin_key")
    )
    assert answer.status_code == 202, answer.text
    assert answer.json()["phone_masked"] == "139****5678"
    again = harness.client.post("/walk-in/petitions", json=form, headers=harness.auth("walkin_key"))
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    (event,) = harness.events()
    assert isinstance(event, PetitionReceived)
    assert event.channel is Channel.WALK_IN
    assert event.attributes == {"window": ("1",), "clerk": ("C01",)}
    assert event.employer == "淄博某纺织厂"
    assert event.location.street == "zd.cz"
