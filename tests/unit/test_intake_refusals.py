"""The intake's refusals (credentials, signatures, field errors), on the unit-tier fakes.

Each refused request must publish nothing: the fake publisher records every event the intake
hands it, so ``events() == []`` holds exactly when nothing would have reached the broker.
"""

from __future__ import annotations

import time
from typing import Any

from tests.intake_samples import ORDER, REPORT
from tests.integration.test_wechat_support import signed
from tests.unit.intake_unit_support import FakeHarness, fake_harness

__all__ = ["fake_harness"]


def hotline(harness: FakeHarness, order: dict[str, Any], key: str = "hotline_key") -> Any:
    return harness.client.post("/hotline/work-orders", json=order, headers=harness.auth(key))


def test_a_work_order_without_a_key_is_refused_and_not_published(
    fake_harness: FakeHarness,
) -> None:
    answer = fake_harness.client.post("/hotline/work-orders", json=ORDER)
    wrong = fake_harness.client.post(
        "/hotline/work-orders", json=ORDER, headers={"Authorization": "Bearer nope"}
    )
    assert (answer.status_code, wrong.status_code) == (401, 401)
    assert fake_harness.events() == []
    assert hotline(fake_harness, ORDER).status_code == 202  # the same order, with its key
    assert len(fake_harness.events()) == 1


def test_a_bad_phone_is_refused_with_the_field_and_never_echoed(
    fake_harness: FakeHarness,
) -> None:
    bad = ORDER | {"caller": {"name": "王女士", "phone": "12345-SECRET-99"}}
    answer = hotline(fake_harness, bad)
    assert answer.status_code == 422
    (error,) = answer.json()["errors"]
    assert error["field"] == "caller.phone"
    assert error["reason"] == "invalid_phone"
    assert error["message_zh"] == "电话号码格式不正确"
    assert "SECRET" not in answer.text
    assert "王女士" not in answer.text
    assert fake_harness.events() == []


def test_an_unknown_area_and_a_missing_text_are_named(fake_harness: FakeHarness) -> None:
    answer = hotline(fake_harness, {k: v for k, v in ORDER.items() if k != "text"})
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["text"]
    answer = hotline(fake_harness, ORDER | {"place": {"area": "zd.nowhere"}})
    assert answer.status_code == 422
    assert answer.json()["errors"][0] == {
        "field": "place.area",
        "reason": "unknown_area",
        "message_en": "unknown area code",
        "message_zh": "未知的区域编码",
    }
    assert fake_harness.events() == []


def test_a_call_time_without_time_zone_is_refused(fake_harness: FakeHarness) -> None:
    answer = hotline(fake_harness, ORDER | {"call_time": "2026-11-22T09:15:00"})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "call_time"


def test_a_walk_in_key_does_not_open_the_hotline(fake_harness: FakeHarness) -> None:
    assert hotline(fake_harness, {}, key="walkin_key").status_code == 401


def test_the_server_check_echoes_only_when_signed(fake_harness: FakeHarness) -> None:
    token = fake_harness.secrets["wechat_token"]
    client = fake_harness.client
    good = client.get("/wechat/webhook", params=signed(token) | {"echostr": "hello123"})
    assert (good.status_code, good.text) == (200, "hello123")
    bad = client.get("/wechat/webhook", params=signed("wrong") | {"echostr": "hello123"})
    assert bad.status_code == 403


def test_a_bad_signature_is_rejected_and_nothing_published(fake_harness: FakeHarness) -> None:
    answer = fake_harness.client.post(
        "/wechat/webhook", params=signed("not-the-token"), json=REPORT
    )
    assert answer.status_code == 403
    assert answer.json()["error"] == "bad_signature"
    assert fake_harness.events() == []


def test_a_stale_timestamp_is_rejected(fake_harness: FakeHarness) -> None:
    params = signed(fake_harness.secrets["wechat_token"], timestamp=int(time.time()) - 301)
    answer = fake_harness.client.post("/wechat/webhook", params=params, json=REPORT)
    assert answer.status_code == 403
    assert answer.json()["error"] == "stale_timestamp"
    assert answer.json()["message_zh"] == "时间戳已过期"
    assert fake_harness.events() == []


def test_photos_must_be_http_urls_and_few(fake_harness: FakeHarness) -> None:
    token = fake_harness.secrets["wechat_token"]
    bad = REPORT | {"photos": ["file:///etc/passwd"]}
    answer = fake_harness.client.post("/wechat/webhook", params=signed(token), json=bad)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "photos.0"
    many = REPORT | {"photos": [f"https://img.example.cn/{i}.jpg" for i in range(10)]}
    answer = fake_harness.client.post("/wechat/webhook", params=signed(token), json=many)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["reason"] == "too_long"
    assert fake_harness.events() == []


def test_a_batch_too_large_or_without_token_is_refused(fake_harness: FakeHarness) -> None:
    items = [
        {"client_item_id": f"i{n}", "captured_at": "2026-11-21T16:30:00+08:00", "text": "楼道堆物"}
        for n in range(201)
    ]
    answer = fake_harness.client.post(
        "/grid/reports/batch", json={"items": items}, headers=fake_harness.worker_auth()
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "items"
    anonymous = fake_harness.client.post("/grid/reports/batch", json={"items": items[:1]})
    assert anonymous.status_code == 401
    assert fake_harness.events() == []


def test_a_broker_down_is_503_and_nothing_is_remembered(fake_harness: FakeHarness) -> None:
    fake_harness.publisher.available = False
    assert hotline(fake_harness, ORDER).status_code == 503
    fake_harness.publisher.available = True
    assert hotline(fake_harness, ORDER).status_code == 202  # not a duplicate: not remembered
