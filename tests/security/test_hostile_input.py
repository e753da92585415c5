"""Hostile input at the edge of every channel: refused with the field, nothing published.

NUL and other control characters, lone surrogates, bodies over the cap (declared or
streamed), Open311 attributes that would bloat an event, and an event too large to log,
which must fail alone and never the other requests of its group commit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from jiesu.settings import Settings
from producers.groupcommit import GroupCommit
from producers.hotline.mapping import HotlineWorkOrder, received_from_work_order
from producers.intake import Intake
from producers.store import IntakeStore
from tests.integration.test_intake_support import Harness
from tests.integration.test_wechat_support import signed

WHEN = "2026-11-22T09:00:00+08:00"


@pytest.fixture
def intake(unique_topics: Settings) -> Iterator[Harness]:
    made = Harness(unique_topics)
    yield made
    made.close()


def json_post(harness: Harness, path: str, raw: str, **kw: Any) -> Any:
    headers = {"content-type": "application/json", **kw.pop("headers", {})}
    return harness.client.post(path, content=raw.encode(), headers=headers, **kw)


@pytest.mark.parametrize(
    ("escape", "reason"),
    [
        ("\\u0000", "control_character"),
        ("\\u001b", "control_character"),
        ("\\ud800", "lone_surrogate"),
    ],
)
def test_every_json_channel_refuses_controls_with_the_field(intake, escape, reason) -> None:
    text = f'"text": "楼道{escape}灯坏了", "place": {{"area": "zd.cz.cg.c01"}}'
    bodies = {
        "/hotline/work-orders": (
            f'{{"call_id": "H-{reason}", "call_time": "2026-11-22T09:00:00+08:00", {text}}}',
            intake.auth("hotline_key"),
        ),
        "/walk-in/petitions": (f'{{"form_no": "W-{reason}", {text}}}', intake.auth("walkin_key")),
        "/grid/reports": (
            f'{{"client_item_id": "G-{reason}", "captured_at": "{WHEN}", {text}}}',
            intake.worker_auth(),
        ),
    }
    for path, (raw, headers) in bodies.items():
        answer = json_post(intake, path, raw, headers=headers)
        assert answer.status_code == 422, (path, answer.text)
        (error,) = answer.json()["errors"]
        assert (error["field"], error["reason"]) == ("text", reason), path
    wechat = f'{{"openid": "o-1", "client_id": "c-1", {text}}}'
    token = intake.secrets["wechat_token"]
    answer = json_post(intake, "/wechat/webhook", wechat, params=signed(token))
    assert answer.status_code == 422
    assert intake.events() == []


def test_open311_refuses_a_nul_in_a_form_field_and_in_a_query(intake: Harness) -> None:
    form = {
        "api_key": intake.secrets["open311_key"],
        "service_code": "sanitation",
        "lat": "36.81",
        "long": "118.05",
        "description": "垃圾\x00满了",
    }
    answer = intake.client.post("/open311/v2/requests.json", data=form)
    assert answer.status_code == 422
    assert "description" in answer.json()[0]["description"]
    listed = intake.client.get("/open311/v2/requests.json", params={"service_code": "x\x00"})
    assert listed.status_code == 422
    one = intake.client.get("/open311/v2/requests/a%00b.json")
    assert one.status_code == 422
    assert intake.events() == []


def test_fullwidth_phones_become_ascii_digits(intake: Harness) -> None:
    order = {
        "call_id": "FW-1",
        "call_time": "2026-11-22T09:00:00+08:00",
        "text": "楼道灯坏了",
        "place": {"area": "zd.cz.cg.c01"},
        "caller": {"name": "李", "phone": "１３８－００１３－８０００"},
    }
    answer = intake.client.post(
        "/hotline/work-orders", json=order, headers=intake.auth("hotline_key")
    )
    assert answer.status_code == 202
    (event,) = intake.events()
    assert event.petitioner.phone == "13800138000"  # type: ignore[attr-defined]


def test_an_over_long_body_is_413_whether_declared_or_streamed(intake: Harness) -> None:
    big = b'{"text": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    declared = intake.client.post(
        "/hotline/work-orders", content=big, headers=intake.auth("hotline_key")
    )
    assert declared.status_code == 413

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(big), 64 * 1024):
            yield big[start : start + 64 * 1024]

    streamed = intake.client.post(
        "/hotline/work-orders",
        content=chunks(),
        headers=intake.auth("hotline_key") | {"content-type": "application/json"},
    )
    assert streamed.status_code == 413
    assert streamed.json()["error"] == "too_large"
    open311 = intake.client.post(
        "/open311/v2/requests.json",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert open311.status_code == 413


def test_open311_attributes_are_capped_in_length_and_number(intake: Harness) -> None:
    base = {
        "api_key": intake.secrets["open311_key"],
        "service_code": "sanitation",
        "lat": "36.81",
        "long": "118.05",
        "description": "垃圾满了",
    }
    too_long = intake.client.post(
        "/open311/v2/requests.json", data=base | {"attribute[垃圾类型]": "x" * 501}
    )
    assert too_long.status_code == 413
    many = base | {"attribute[垃圾类型][]": ["生活垃圾"] * 21}
    too_many = intake.client.post("/open311/v2/requests.json", data=many)
    assert too_many.status_code == 413
    assert "more than 20 values" in too_many.json()[0]["description"]


def test_a_too_large_event_fails_alone_and_never_its_group_commit(unique_topics: Settings) -> None:
    small = unique_topics.model_copy(update={"max_event_bytes": 2048})
    harness = Harness(small)
    try:
        commit = GroupCommit(
            Intake(harness.publisher, IntakeStore(harness.engine), harness.app.state.ctx.clock)
        )
        city, now = harness.app.state.ctx.city, harness.app.state.ctx.clock()

        def order(ref: str, text: str) -> Any:
            work = HotlineWorkOrder.model_validate(
                {
                    "call_id": ref,
                    "call_time": now.isoformat(),
                    "text": text,
                    "place": {"area": "zd.cz.cg.c01"},
                }
            )
            return received_from_work_order(
                work, city=city, pii_key="k" * 40, now=now, agent="A001"
            )

        async def both() -> list[Any]:
            calls = [
                commit.submit_async(order("BIG-1", "很长的诉求" * 400)),
                commit.submit_async(order("SMALL-1", "路灯不亮")),
            ]
            return await asyncio.gather(*calls, return_exceptions=True)

        big, fine = asyncio.run(both())
        commit.close()
        assert type(big).__name__ == "EventTooLarge"
        assert fine.duplicate is False
        assert [e.channel_ref for e in harness.events()] == ["SMALL-1"]  # type: ignore[attr-defined]
        over_http = harness.client.post(
            "/hotline/work-orders",
            json={
                "call_id": "BIG-2",
                "call_time": now.isoformat(),
                "text": "长" * 1900,
                "place": {"area": "zd.cz.cg.c01"},
            },
            headers=harness.auth("hotline_key"),
        )
        assert over_http.status_code == 413
        assert "too large" in over_http.json()["message_en"]
    finally:
        harness.close()
